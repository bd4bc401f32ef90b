// Keyboard shortcuts for the moderation queue. They press the same buttons a mouse would: every
// action is a plain form that works without this file. The list of keys is on the page itself.
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('.queue-item'));
  var help = document.getElementById('shortcut-help');
  var current = -1;

  var NOT_TYPED_IN = ['checkbox', 'radio', 'button', 'submit', 'reset'];

  function isTyping(target) {
    if (!(target instanceof Element)) return false;
    if (target instanceof HTMLInputElement) return NOT_TYPED_IN.indexOf(target.type) === -1;
    return target.closest('textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
  }

  function select(index) {
    if (rows.length === 0) return;
    if (current >= 0 && rows[current]) rows[current].classList.remove('is-current');
    current = Math.max(0, Math.min(rows.length - 1, index));
    var row = rows[current];
    row.classList.add('is-current');
    row.focus();
    row.scrollIntoView({ block: 'nearest' });
  }

  // The row the moderator is on: the one selected by key, or the one holding the focus.
  function currentRow() {
    var focused = document.activeElement instanceof Element ? document.activeElement.closest('.queue-item') : null;
    if (focused) current = rows.indexOf(focused);
    return current >= 0 ? rows[current] : null;
  }

  function press(key) {
    var row = currentRow();
    var form = row && row.querySelector('form[data-shortcut="' + key + '"]');
    if (!form) return;
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
  }

  function reply() {
    var row = currentRow();
    var box = row && row.querySelector('details.reply-box');
    if (!box) return;
    box.open = true;
    var field = box.querySelector('textarea');
    if (field) field.focus();
  }

  function toggleHelp() {
    if (!help) return;
    help.open = !help.open;
    var summary = help.querySelector('summary');
    if (summary) summary.focus();
  }

  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    var actions = {
      j: function () {
        select(current + 1);
      },
      n: function () {
        select(current + 1);
      },
      k: function () {
        select(current - 1);
      },
      p: function () {
        select(current - 1);
      },
      a: function () {
        press('a');
      },
      s: function () {
        press('s');
      },
      t: function () {
        press('t');
      },
      r: reply,
      '?': toggleHelp,
    };
    var action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
})();
