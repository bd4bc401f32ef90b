// The editor's "Featured picture" panel (views/admin/featured-picture.tsx), enhanced: a search of
// the whole media library, a preview of the chosen picture, and the alt text, caption and credit
// fields refilled with each picture's own words when the choice changes. Without this file the
// panel is radio buttons over the newest uploads, and words typed for one picture are never saved
// over another's (imageWordsFor).
(function () {
  'use strict';
  var SEARCH_DELAY_MS = 200;
  var panel = document.getElementById('featured-picture');
  if (!panel) return;
  var form = panel.closest('form');
  var list = document.getElementById('picture-choices');
  var preview = document.getElementById('picture-preview');
  var words = document.getElementById('picture-words');
  var search = document.getElementById('picture-search');
  var wordsFor = form.elements.namedItem('imageWordsFor');
  var fields = {
    alt: form.elements.namedItem('imageAlt'),
    caption: form.elements.namedItem('imageCaption'),
    credit: form.elements.namedItem('imageCredit'),
  };

  function checked() {
    return list.querySelector('input[name="imageId"]:checked');
  }

  /** Keeps what was typed for a picture on its radio button, so choosing it again brings the words back. */
  function keepWords(radio) {
    if (!radio || radio.value === '' || radio.value !== wordsFor.value) return;
    Object.keys(fields).forEach(function (name) {
      radio.dataset[name] = fields[name].value;
    });
  }

  function showChoice(radio) {
    var id = radio ? radio.value : '';
    words.hidden = id === '';
    preview.textContent = '';
    if (!radio || id === '') return;
    if (wordsFor.value !== id) {
      Object.keys(fields).forEach(function (name) {
        fields[name].value = radio.dataset[name] || '';
      });
      wordsFor.value = id;
    }
    // The thumbnail at the preview's width; a picture still processing shows that it is.
    var thumbnail = radio.parentElement.querySelector('.picture-thumb');
    if (!thumbnail) return;
    var copy = thumbnail.cloneNode(true);
    copy.querySelectorAll('source, img').forEach(function (element) {
      if (element.hasAttribute('sizes')) element.setAttribute('sizes', '20rem');
    });
    preview.appendChild(copy);
  }

  var current = checked();
  list.addEventListener('change', function (event) {
    if (event.target.name !== 'imageId') return;
    keepWords(current);
    current = event.target;
    showChoice(current);
  });
  words.hidden = !current || current.value === '';

  // The search: the matches replace the list, keeping "No picture" and the chosen picture first.
  search.closest('.picture-search').hidden = false;
  var timer = 0;
  var request = 0;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(find, SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', function (event) {
    // Enter in the search box must not submit the article.
    if (event.key === 'Enter') event.preventDefault();
  });

  function find() {
    var asked = ++request;
    var url = panel.dataset.choicesUrl + '?q=' + encodeURIComponent(search.value.trim());
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error('search failed: ' + response.status);
        return response.json();
      })
      .then(function (found) {
        if (asked === request) showFound(found.pictures);
      })
      .catch(function () {
        search.setCustomValidity('The library could not be searched; try again.');
        search.reportValidity();
        search.setCustomValidity('');
      });
  }

  function showFound(pictures) {
    var chosen = checked();
    var keep = [list.firstElementChild];
    if (chosen && chosen.value !== '') keep.push(chosen.closest('li'));
    var template = document.createElement('template');
    // The server renders each choice as the page does (escaped markup from views/admin/featured-picture.tsx).
    template.innerHTML = pictures
      .filter(function (picture) {
        return !chosen || String(picture.id) !== chosen.value;
      })
      .map(function (picture) {
        return picture.html;
      })
      .join('');
    list.textContent = '';
    keep.forEach(function (item) {
      list.appendChild(item);
    });
    list.appendChild(template.content);
    if (pictures.length === 0) {
      var none = document.createElement('li');
      none.className = 'muted';
      none.textContent = 'No picture in the library matches.';
      list.appendChild(none);
    }
  }
})();
