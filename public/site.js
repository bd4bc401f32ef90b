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

  Array.prototype.forEach.call(document.querySelectorAll('form[data-validate]'), function (form) {
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
        button.disabled = true;
        button.textContent = 'Sending…';
      }
    });

    // Once a field shows a problem, clear it as soon as the reader has fixed it.
    form.addEventListener('input', function (event) {
      var field = event.target.closest('[data-field]');
      if (field && field.classList.contains('has-error') && !problemOf(field)) show(field, '');
    });
  });
})();
