// The media library's enhancements. Without this file the upload is a plain form that sends one
// picture, and the focal point is set by clicking the picture (which sends the form) or typing it.
//
// Upload: <form data-media-upload> takes several files at once, dropped onto it, pasted from the
// clipboard or chosen, each sent on its own request with a progress bar and its own answer beside
// it. The server answers `Accept: application/json` with 201 { id, name, url } or 422
// { errors: { file: message } }.
//
// Focal point: a click on <input type="image" data-focal-frame> moves the marker and fills the
// two fields instead of sending the form, and the social card's preview follows at once.
(function () {
  'use strict';

  var form = document.querySelector('form[data-media-upload]');
  if (form) setUpUploads(form);
  var frame = document.querySelector('input[data-focal-frame]');
  if (frame) setUpFocalPoint(frame);

  function setUpUploads(form) {
    var input = form.querySelector('input[type="file"]');
    var token = form.querySelector('input[name="_csrf"]');
    if (!input || !token || !window.FormData || !window.XMLHttpRequest) return;
    input.multiple = true;
    form.classList.add('media-drop');

    var hint = document.createElement('p');
    hint.className = 'media-drop-hint';
    hint.textContent = 'Drop pictures here, paste one, or choose several at once.';
    form.insertBefore(hint, form.querySelector('button[type="submit"]'));

    var list = document.createElement('ul');
    list.className = 'media-progress';
    list.setAttribute('aria-live', 'polite');
    form.insertAdjacentElement('afterend', list);

    var done = document.createElement('p');
    done.className = 'media-uploads-done';
    done.hidden = true;
    var reload = document.createElement('a');
    reload.href = window.location.pathname;
    reload.textContent = 'Show the new pictures in the library';
    done.appendChild(reload);
    list.insertAdjacentElement('afterend', done);

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (input.files && input.files.length) sendAll(input.files);
      else showFieldError('Choose a picture to upload.');
    });
    input.addEventListener('change', function () {
      if (input.files && input.files.length) sendAll(input.files);
    });
    form.addEventListener('dragover', function (event) {
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      form.classList.add('is-dragging');
    });
    form.addEventListener('dragleave', function (event) {
      if (!form.contains(event.relatedTarget)) form.classList.remove('is-dragging');
    });
    form.addEventListener('drop', function (event) {
      form.classList.remove('is-dragging');
      if (!hasFiles(event.dataTransfer)) return;
      event.preventDefault();
      sendAll(event.dataTransfer.files);
    });
    // Pasting a screenshot or a copied picture anywhere on the page uploads it, unless the paste
    // goes into a text field (the search box), where it means text.
    document.addEventListener('paste', function (event) {
      var target = event.target;
      if (target instanceof HTMLInputElement && target.type !== 'file') return;
      if (target instanceof HTMLTextAreaElement) return;
      var files = [];
      var items = event.clipboardData ? event.clipboardData.items : [];
      for (var i = 0; i < items.length; i++) {
        if (items[i].kind === 'file') {
          var file = items[i].getAsFile();
          if (file) files.push(file);
        }
      }
      if (!files.length) return;
      event.preventDefault();
      sendAll(files);
    });

    function hasFiles(transfer) {
      return !!transfer && Array.prototype.indexOf.call(transfer.types || [], 'Files') >= 0;
    }

    function showFieldError(message) {
      var error = document.getElementById(input.id + '-error');
      if (error) error.textContent = message;
    }

    var pending = 0;
    function sendAll(files) {
      showFieldError('');
      Array.prototype.forEach.call(files, send);
      input.value = '';
    }

    function send(file) {
      var item = document.createElement('li');
      var name = document.createElement('span');
      name.className = 'media-progress-name';
      name.textContent = file.name || 'Pasted picture';
      var bar = document.createElement('progress');
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute('aria-label', 'Uploading ' + name.textContent);
      var status = document.createElement('span');
      status.className = 'media-progress-status';
      status.textContent = 'Uploading…';
      item.appendChild(name);
      item.appendChild(bar);
      item.appendChild(status);
      list.appendChild(item);
      pending++;
      done.hidden = true;

      var body = new FormData();
      // The token first: the server checks it before it takes the file.
      body.append('_csrf', token.value);
      body.append('file', file, file.name || 'pasted-picture');
      var request = new XMLHttpRequest();
      request.open('POST', form.action);
      request.setRequestHeader('Accept', 'application/json');
      request.upload.addEventListener('progress', function (event) {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      request.addEventListener('load', function () {
        var answer = parse(request.responseText);
        if (request.status === 201 && answer && answer.url) {
          bar.value = 100;
          item.classList.add('is-done');
          status.textContent = '';
          var link = document.createElement('a');
          link.href = answer.url;
          link.textContent = 'Uploaded: describe it';
          status.appendChild(link);
        } else {
          var message = answer && answer.errors && answer.errors.file;
          fail(message || 'The upload was refused (' + request.status + '). Reload the page and try again.');
        }
        finish();
      });
      request.addEventListener('error', function () {
        fail('The upload did not reach the server. Check the connection and try again.');
        finish();
      });
      request.send(body);

      function fail(message) {
        item.classList.add('is-refused');
        bar.hidden = true;
        status.textContent = message;
        status.setAttribute('role', 'alert');
      }
    }

    function finish() {
      pending--;
      if (pending === 0 && list.querySelector('.is-done')) done.hidden = false;
    }

    function parse(text) {
      try {
        return JSON.parse(text);
      } catch (error) {
        return null;
      }
    }
  }

  function setUpFocalPoint(frame) {
    var marker = document.querySelector('[data-focal-marker]');
    var fieldX = document.getElementById('focalX');
    var fieldY = document.getElementById('focalY');
    var preview = document.querySelector('[data-social-preview]');
    var width = Number(frame.getAttribute('data-picture-width'));
    var height = Number(frame.getAttribute('data-picture-height'));
    if (!fieldX || !fieldY) return;
    // Clicks are read in the frame's own size here, so it may shrink to fit a narrow screen.
    var holder = frame.closest('.media-focal-frame');
    holder.style.width = '';
    holder.classList.add('is-enhanced');

    frame.addEventListener('click', function (event) {
      // A keyboard "click" has no position: let it send the form with the fields as typed.
      if (event.detail === 0) return;
      event.preventDefault();
      var box = frame.getBoundingClientRect();
      fieldX.value = round((event.clientX - box.left) / box.width);
      fieldY.value = round((event.clientY - box.top) / box.height);
      show();
    });
    fieldX.addEventListener('input', show);
    fieldY.addEventListener('input', show);

    function round(fraction) {
      return String(Math.round(Math.min(Math.max(fraction, 0), 1) * 1000) / 10);
    }

    function show() {
      var x = Number(fieldX.value) / 100;
      var y = Number(fieldY.value) / 100;
      if (!isFinite(x) || !isFinite(y) || x < 0 || x > 1 || y < 0 || y > 1) return;
      if (marker) {
        marker.style.left = x * 100 + '%';
        marker.style.top = y * 100 + '%';
      }
      if (preview && width > 0 && height > 0) preview.style.objectPosition = cropPosition(x, y);
    }

    // The same arithmetic as cropAround in src/domain/media/pictures.ts: the 1200 x 630 crop is
    // centred on the point and moved inwards at the edges; as object-position it is a share of the spare room.
    function cropPosition(x, y) {
      var scale = Math.max(1200 / width, 630 / height);
      var scaledWidth = Math.max(1200, Math.round(width * scale));
      var scaledHeight = Math.max(630, Math.round(height * scale));
      var spareX = scaledWidth - 1200;
      var spareY = scaledHeight - 630;
      var left = Math.min(Math.max(Math.round(x * scaledWidth - 600), 0), spareX);
      var top = Math.min(Math.max(Math.round(y * scaledHeight - 315), 0), spareY);
      var px = spareX > 0 ? left / spareX : 0.5;
      var py = spareY > 0 ? top / spareY : 0.5;
      return Math.round(px * 1000) / 10 + '% ' + Math.round(py * 1000) / 10 + '%';
    }
  }
})();
