// Newsroom enhancements shared by every admin page. Every action works without this file.
(function () {
  'use strict';
  // Buttons that destroy or publish ask first: <button data-confirm="Move to trash?">.
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-confirm]') : null;
    if (target && !window.confirm(target.getAttribute('data-confirm') || 'Are you sure?')) event.preventDefault();
  });
  // A "select all" box for lists with bulk actions: <input type="checkbox" data-select-all="name">.
  document.addEventListener('change', function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute('data-select-all')) return;
    var name = box.getAttribute('data-select-all');
    document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });
})();
