// Keyboard shortcuts for the moderation queue, and replies written in the queue itself. The keys
// press the same buttons a mouse would, and every action is a plain form or link that works without
// this file: Reply opens the reply page. The list of keys is on the page itself.
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('.queue-item'));
  var help = document.getElementById('shortcut-help');
  var replyTemplate = document.getElementById('reply-template');
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
    var button = row && row.querySelector('button[data-shortcut="' + key + '"]');
    if (button) button.click();
  }

  function focusReply(form) {
    var field = form.querySelector('textarea');
    if (field) field.focus();
  }

  // The page has one blank reply form; each row gets its own copy, with the row's address and
  // ids, under its buttons. A row keeps its copy, and what was typed in it, until it is cancelled.
  function openReply(row) {
    var link = row.querySelector('a[data-reply]');
    if (!link || !replyTemplate) return false;
    var open = row.querySelector('form.reply-form');
    if (open) {
      focusReply(open);
      return true;
    }
    var form = replyTemplate.content.firstElementChild.cloneNode(true);
    var fieldId = 'reply-' + row.getAttribute('data-comment-id');
    form.action = link.pathname;
    Array.prototype.forEach.call(form.querySelectorAll('[id], [for], [aria-describedby]'), function (element) {
      ['id', 'for', 'aria-describedby'].forEach(function (name) {
        var value = element.getAttribute(name);
        if (value) element.setAttribute(name, value.replace(/\breply-new\b/g, fieldId));
      });
    });
    if (row.getAttribute('data-status') === 'pending') {
      var label = form.querySelector('label span');
      if (label) label.textContent = replyTemplate.getAttribute('data-pending-label');
    }
    link.closest('form').after(form);
    current = rows.indexOf(row);
    focusReply(form);
    return true;
  }

  function closeReply(form) {
    var row = form.closest('.queue-item');
    var link = row && row.querySelector('a[data-reply]');
    form.remove();
    if (link) link.focus();
  }

  function reply() {
    var row = currentRow();
    if (row) openReply(row);
  }

  function toggleHelp() {
    if (!help) return;
    help.open = !help.open;
    var summary = help.querySelector('summary');
    if (summary) summary.focus();
  }

  document.addEventListener('click', function (event) {
    if (!(event.target instanceof Element)) return;
    var cancel = event.target.closest('[data-cancel-reply]');
    if (cancel) {
      closeReply(cancel.closest('form'));
      return;
    }
    var link = event.target.closest('a[data-reply]');
    // A click that asks for a new tab or window gets the reply page.
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (openReply(link.closest('.queue-item'))) event.preventDefault();
  });

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && event.target instanceof Element) {
      var replying = event.target.closest('form.reply-form');
      if (replying && replying.closest('.queue-item')) {
        event.preventDefault();
        closeReply(replying);
        return;
      }
    }
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
