// Progressive enhancement only: every page works without this file.
// Checks the comment form before it is sent, with the same messages the server gives;
// the server stays the authority and checks everything again.
(function () {
  'use strict';

  function problemOf(field) {
    var input = field.querySelector('input, textarea');
    if (!input) return '';
    var value = input.value.trim();
    if (input.required && !value) return field.getAttribute('data-empty-message') || 'This field is required';
    var pattern = input.getAttribute('data-pattern');
    if (value && pattern && !new RegExp(pattern, 'u').test(value))
      return field.getAttribute('data-invalid-message') || 'Please check this field';
    return '';
  }

  function show(field, message) {
    var input = field.querySelector('input, textarea');
    var error = field.querySelector('.field-error');
    if (error) error.textContent = message;
    field.classList.toggle('has-error', Boolean(message));
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  var REMEMBER_KEY = 'broadsheet.commenter';
  var REMEMBERED_FIELDS = ['author', 'email', 'url'];

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // Storage blocked by the reader's privacy settings: nothing is remembered.
    }
  }

  /** Fills in the details saved last time, unless the server sent the form back with values. */
  function setUpRemembering(form) {
    var store = storage();
    var option = form.querySelector('[data-remember]');
    if (!store || !option) return;
    option.hidden = false;
    var checkbox = option.querySelector('input');
    var saved = null;
    try {
      saved = JSON.parse(store.getItem(REMEMBER_KEY) || 'null');
    } catch (error) {
      saved = null;
    }
    if (saved) {
      checkbox.checked = true;
      REMEMBERED_FIELDS.forEach(function (name) {
        var input = form.elements[name];
        if (input && !input.value && typeof saved[name] === 'string') input.value = saved[name];
      });
    }
    form.addEventListener('submit', function (event) {
      if (event.defaultPrevented) return;
      if (!checkbox.checked) {
        store.removeItem(REMEMBER_KEY);
        return;
      }
      var details = {};
      REMEMBERED_FIELDS.forEach(function (name) {
        details[name] = form.elements[name] ? form.elements[name].value.trim() : '';
      });
      store.setItem(REMEMBER_KEY, JSON.stringify(details));
    });
  }

  /**
   * The form's render time came with the page, which a shared cache may have rendered long ago:
   * when the reader starts writing, ask for a fresh one. Should the request fail, the rendered one
   * is sent as it is.
   */
  function refreshTokenOnFirstUse(form) {
    var input = form.querySelector('input[data-token-url]');
    if (!input || !window.fetch) return;
    var asked = false;
    function ask() {
      if (asked) return;
      asked = true;
      window
        .fetch(input.getAttribute('data-token-url'), { credentials: 'same-origin', cache: 'no-store' })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (answer && typeof answer.token === 'string') input.value = answer.token;
        })
        .catch(function () {});
    }
    form.addEventListener('focusin', ask);
    form.addEventListener('input', ask);
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-validate]'), function (form) {
    refreshTokenOnFirstUse(form);
    // The form carries novalidate in its markup, so that without this script the server's
    // messages (the same as ours) are the ones readers see, not the browser's generic ones.

    form.addEventListener('submit', function (event) {
      var firstInvalid = null;
      Array.prototype.forEach.call(form.querySelectorAll('[data-field]'), function (field) {
        var message = problemOf(field);
        show(field, message);
        if (message && !firstInvalid) firstInvalid = field.querySelector('input, textarea');
      });
      if (firstInvalid) {
        event.preventDefault();
        firstInvalid.focus();
        return;
      }
      var button = form.querySelector('button[type="submit"]');
      if (button) {
        // A second click while the first is on its way would post the comment twice.
        button.setAttribute('data-label', button.textContent);
        button.disabled = true;
        button.textContent = 'Sending…';
      }
    });

    // Once a field shows a problem, clear it as soon as the reader has fixed it.
    form.addEventListener('input', function (event) {
      var field = event.target.closest('[data-field]');
      if (field && field.classList.contains('has-error') && !problemOf(field)) show(field, '');
    });
    // Coming back with the Back button shows the page as it was left: ready to send again.
    window.addEventListener('pageshow', function () {
      var button = form.querySelector('button[type="submit"]');
      if (button && button.disabled) {
        button.disabled = false;
        button.textContent = button.getAttribute('data-label') || button.textContent;
      }
    });
    // After the check above, so that a refused form saves nothing.
    setUpRemembering(form);
  });
})();
