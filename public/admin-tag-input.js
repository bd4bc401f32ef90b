// Tag suggestions as an ARIA combobox over a comma-separated tags field:
// <input data-suggest-url="/admin/articles/tag-suggestions">. The URL answers ?q= with
// [{ name, slug, alias? }]; choosing a suggestion replaces the term being typed with the tag's
// canonical name. Without this file the field is a plain text input.
(function () {
  'use strict';
  var SUGGEST_DELAY_MS = 150;
  document.querySelectorAll('input[data-suggest-url]').forEach(setUpTagCombobox);

  function setUpTagCombobox(input) {
    var listbox = document.createElement('ul');
    listbox.id = input.id + '-listbox';
    listbox.className = 'suggestions';
    listbox.setAttribute('role', 'listbox');
    listbox.setAttribute('aria-label', 'Suggested tags');
    listbox.hidden = true;
    input.insertAdjacentElement('afterend', listbox);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', listbox.id);
    input.setAttribute('aria-expanded', 'false');

    var suggestions = [];
    var active = -1;
    var timer = 0;
    var request = 0;

    /** The comma-separated term the caret is in, and where it sits in the value. */
    function currentTerm() {
      var value = input.value;
      var caret = input.selectionStart === null ? value.length : input.selectionStart;
      var start = Math.max(value.lastIndexOf(',', caret - 1), value.lastIndexOf('，', caret - 1)) + 1;
      var commas = [value.indexOf(',', caret), value.indexOf('，', caret)].filter(function (i) {
        return i >= 0;
      });
      var end = commas.length ? Math.min.apply(null, commas) : value.length;
      return { text: value.slice(start, end).trim(), start: start, end: end };
    }

    function close() {
      listbox.hidden = true;
      listbox.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      suggestions = [];
      active = -1;
    }

    function show(list) {
      suggestions = list;
      active = -1;
      listbox.textContent = '';
      if (list.length === 0) return close();
      list.forEach(function (suggestion, index) {
        var option = document.createElement('li');
        option.id = input.id + '-option-' + index;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.textContent = suggestion.alias ? suggestion.alias + ' → ' + suggestion.name : suggestion.name;
        // mousedown, not click: the input keeps its focus and the list is still there.
        option.addEventListener('mousedown', function (event) {
          event.preventDefault();
          choose(index);
        });
        listbox.appendChild(option);
      });
      listbox.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(listbox.children, function (option, i) {
        option.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      if (index >= 0) input.setAttribute('aria-activedescendant', input.id + '-option-' + index);
      else input.removeAttribute('aria-activedescendant');
    }

    /** Replaces the term being typed with the tag's canonical name. */
    function choose(index) {
      var suggestion = suggestions[index];
      if (!suggestion) return;
      var term = currentTerm();
      var before = input.value.slice(0, term.start).trimEnd();
      var after = input.value.slice(term.end);
      var prefix = before ? before + ' ' : '';
      var rest = after.replace(/^[,，]\s*/, '');
      input.value = prefix + suggestion.name + ', ' + rest;
      var caret = (prefix + suggestion.name + ', ').length;
      input.setSelectionRange(caret, caret);
      close();
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }

    function fetchSuggestions() {
      var term = currentTerm().text;
      if (!term) return close();
      var mine = ++request;
      fetch(input.getAttribute('data-suggest-url') + '?q=' + encodeURIComponent(term), { credentials: 'same-origin' })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (list) {
          if (mine === request && document.activeElement === input) show(Array.isArray(list) ? list : []);
        })
        .catch(close);
    }

    input.addEventListener('input', function (event) {
      if (!event.isTrusted) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, SUGGEST_DELAY_MS);
    });
    input.addEventListener('keydown', function (event) {
      if (listbox.hidden) return;
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        highlight((active + 1) % suggestions.length);
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        highlight(active <= 0 ? suggestions.length - 1 : active - 1);
      } else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', close);
  }
})();
