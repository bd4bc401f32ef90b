// The article editor's enhancements: live preview, and autosave with a copy kept in this browser.
// The form saves, previews and publishes without any of it. Tag suggestions: admin-tag-input.js.
(function () {
  'use strict';
  var form = document.getElementById('editor');
  if (!(form instanceof HTMLFormElement)) return;

  var AUTOSAVE_EVERY_MS = 5000;
  var PREVIEW_DELAY_MS = 400;
  // baseRevision is kept with the text typed over it, so that a save over a newer version is refused.
  var FIELDS = ['headline', 'standfirst', 'slug', 'body', 'tags', 'authorId', 'featured', 'publishedAt', 'language', 'baseRevision'];
  var TEXT_FIELDS = FIELDS.filter(function (name) {
    return name !== 'baseRevision';
  });
  var articleId = form.getAttribute('data-article-id') || null;
  var savedAt = form.getAttribute('data-saved-at') || '';
  var storageKey = 'broadsheet-editor:' + (articleId || 'new');
  var NEW_ARTICLE_SUBMITTED = 'broadsheet-editor:new-submitted';
  var statusLine = document.getElementById('autosave-status');

  function csrfToken() {
    var field = form.querySelector('input[name="_csrf"]');
    return field instanceof HTMLInputElement ? field.value : '';
  }

  function postJson(url, data) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
      body: JSON.stringify(data),
    });
  }

  function control(name) {
    return form.elements.namedItem(name);
  }

  /** The editor's fields as the server's form would read them; an unticked box is sent as empty. */
  function currentFields() {
    var fields = {};
    FIELDS.forEach(function (name) {
      var element = control(name);
      if (element instanceof HTMLInputElement && element.type === 'checkbox') fields[name] = element.checked ? 'on' : '';
      else if (element && 'value' in element) fields[name] = element.value;
    });
    return fields;
  }

  function fillFields(fields) {
    FIELDS.forEach(function (name) {
      var element = control(name);
      if (!element || typeof fields[name] !== 'string') return;
      if (element instanceof HTMLInputElement && element.type === 'checkbox') element.checked = fields[name] === 'on';
      else if ('value' in element) element.value = fields[name];
    });
    form.dispatchEvent(new Event('input', { bubbles: true }));
  }

  /** Whether two copies hold the same text, whatever version each was typed over. */
  function sameFields(a, b) {
    return TEXT_FIELDS.every(function (name) {
      return (a[name] || '') === (b[name] || '');
    });
  }

  function say(message, isProblem) {
    if (!statusLine) return;
    statusLine.textContent = '';
    statusLine.classList.toggle('problem', Boolean(isProblem));
    if (typeof message === 'string') statusLine.textContent = message;
    else statusLine.appendChild(message);
  }

  // ---- Live preview: the server renders the Markdown exactly as a save would. ----
  var body = control('body');
  var preview = document.getElementById('live-preview');
  var previewBody = document.getElementById('live-preview-body');
  if (body instanceof HTMLTextAreaElement && preview && previewBody) {
    var previewTimer = 0;
    var lastPreviewed = null;
    var renderPreview = function () {
      if (body.value === lastPreviewed) return;
      var source = body.value;
      postJson(form.getAttribute('data-preview-url'), { body: source })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (result) {
          if (!result || typeof result.html !== 'string') return;
          lastPreviewed = source;
          // The server's renderer escapes any HTML in the Markdown: this is the page's own markup.
          previewBody.innerHTML = result.html;
          preview.hidden = result.html === '';
        })
        .catch(function () {});
    };
    body.addEventListener('input', function () {
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(renderPreview, PREVIEW_DELAY_MS);
    });
    renderPreview();
  }

  // ---- Autosave: to the server every few seconds after a change, and to this browser at once. ----
  var dirty = false;
  var submitting = false;
  var signedOut = false;

  function keepLocalCopy() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ base: savedAt, savedAt: Date.now(), fields: currentFields() }));
    } catch (error) {
      // Private browsing or a full storage: the server's autosave still keeps the text.
    }
  }

  function signedOutMessage() {
    var message = document.createElement('span');
    message.appendChild(document.createTextNode('Your session has ended — your text is kept; sign in again. '));
    var link = document.createElement('a');
    link.href = form.getAttribute('data-sign-in-url') || '/admin/sign-in';
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = 'Sign in (opens a new tab)';
    message.appendChild(link);
    return message;
  }

  function autosave() {
    if (!dirty || submitting) return;
    dirty = false;
    postJson(form.getAttribute('data-autosave-url'), { articleId: articleId ? Number(articleId) : null, fields: currentFields() })
      .then(function (response) {
        if (response.status === 204) {
          signedOut = false;
          say('Unsaved changes kept at ' + new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + '.');
        } else if (response.status === 401) {
          dirty = true;
          if (!signedOut) say(signedOutMessage(), true);
          signedOut = true;
        } else {
          dirty = true;
          say('Your changes could not be kept on the server just now; they are kept in this browser.', true);
        }
      })
      .catch(function () {
        dirty = true;
        say('You seem to be offline; your changes are kept in this browser.', true);
      });
  }

  form.addEventListener('input', function () {
    dirty = true;
    keepLocalCopy();
  });
  form.addEventListener('change', function () {
    dirty = true;
    keepLocalCopy();
  });
  form.addEventListener('submit', function (event) {
    // A preview opens in another tab; this one goes on editing.
    if (event.submitter && event.submitter.value === 'preview') return;
    submitting = true;
    if (!articleId) sessionStorage.setItem(NEW_ARTICLE_SUBMITTED, '1');
  });
  // Discarding the server's copy discards this browser's too.
  document.querySelectorAll('form[action$="/autosave/discard"]').forEach(function (discard) {
    discard.addEventListener('submit', function () {
      window.localStorage.removeItem(storageKey);
    });
  });
  // Back from another page (bfcache): the form may be submitted again.
  window.addEventListener('pageshow', function () {
    submitting = false;
  });
  window.setInterval(autosave, AUTOSAVE_EVERY_MS);

  // ---- A copy in this browser newer than the version shown: offer it back. ----
  // A new article that was saved has an editor of its own now: its copy is no longer needed.
  if (sessionStorage.getItem(NEW_ARTICLE_SUBMITTED)) {
    sessionStorage.removeItem(NEW_ARTICLE_SUBMITTED);
    if (articleId) window.localStorage.removeItem('broadsheet-editor:new');
  }
  offerLocalCopy();
  // A save refused because someone else saved first: the text shown is nowhere else, so keep it now.
  if (form.hasAttribute('data-conflict')) {
    dirty = true;
    keepLocalCopy();
    autosave();
  }

  function offerLocalCopy() {
    var copy = null;
    try {
      copy = JSON.parse(window.localStorage.getItem(storageKey) || 'null');
    } catch (error) {
      copy = null;
    }
    if (!copy || !copy.fields) return;
    var shownAt = savedAt ? Date.parse(savedAt) : 0;
    var newer = copy.base === savedAt || copy.savedAt > shownAt;
    if (!newer || sameFields(copy.fields, currentFields())) {
      window.localStorage.removeItem(storageKey);
      return;
    }
    var notice = document.createElement('div');
    notice.className = 'notice warning local-copy';
    notice.setAttribute('role', 'status');
    var text = document.createElement('p');
    text.textContent =
      'This browser kept a copy of your changes from ' + new Date(copy.savedAt).toLocaleString() + ' that is newer than the version shown.';
    var restore = document.createElement('button');
    restore.type = 'button';
    restore.className = 'button small';
    restore.textContent = 'Restore my copy';
    var dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'button small secondary';
    dismiss.textContent = 'Dismiss';
    restore.addEventListener('click', function () {
      fillFields(copy.fields);
      notice.remove();
      say('Your copy is back in the form. Save to keep it.');
    });
    dismiss.addEventListener('click', function () {
      window.localStorage.removeItem(storageKey);
      notice.remove();
    });
    var actions = document.createElement('p');
    actions.className = 'actions';
    actions.appendChild(restore);
    actions.appendChild(dismiss);
    notice.appendChild(text);
    notice.appendChild(actions);
    form.parentNode.insertBefore(notice, form);
  }
})();
