// The editor's "Insert a picture" panel: a button beside each picture's line puts the line into the
// body at the cursor, on a line of its own. Without this script the line is there to copy.
(function () {
  'use strict';
  var form = document.getElementById('editor');
  var panel = document.getElementById('insert-picture');
  var body = form instanceof HTMLFormElement ? form.elements.namedItem('body') : null;
  if (!panel || !(body instanceof HTMLTextAreaElement)) return;

  /** The line with blank lines around it, so that Markdown reads it as a paragraph of its own. */
  function asParagraph(text, before, after) {
    var lead = before === '' || /\n\n$/.test(before) ? '' : /\n$/.test(before) ? '\n' : '\n\n';
    var tail = after === '' || /^\n\n/.test(after) ? '' : /^\n/.test(after) ? '\n' : '\n\n';
    return lead + text + tail;
  }

  function insert(text) {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    var before = body.value.slice(0, start);
    var after = body.value.slice(end);
    var inserted = asParagraph(text, before, after);
    body.value = before + inserted + after;
    var caret = start + inserted.length;
    body.focus();
    body.setSelectionRange(caret, caret);
    // The live preview and autosave listen for typing.
    body.dispatchEvent(new Event('input', { bubbles: true }));
  }

  Array.prototype.forEach.call(panel.querySelectorAll('input[data-insert-picture]'), function (line) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button secondary';
    button.textContent = 'Insert in the body';
    button.setAttribute('aria-describedby', line.id);
    button.addEventListener('click', function () {
      insert(line.value);
    });
    line.insertAdjacentElement('afterend', button);
    line.addEventListener('focus', function () {
      line.select();
    });
  });
})();
