/* Kas Dikdas: offline reading. Registers the service worker (sw.js at the site root,
 * named by this tag's data-sw) and runs the "Simpan untuk ditonton offline" buttons.
 * Everything works without this file; it only adds offline use. All words a viewer
 * sees come from the page (data-label-* attributes), not from here. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.caches) {
    return;
  }
  var PAGES_CACHE = "kas-halaman"; // names shared with sw.js
  var VIDEO_CACHE = "kas-video";
  var swUrl = new URL(script.getAttribute("data-sw"), location.href);

  navigator.serviceWorker.register(swUrl.href, { scope: new URL("./", swUrl).pathname })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function () {
      // The very first page was fetched before the worker existed: keep it too.
      if (!navigator.serviceWorker.controller) {
        return caches.open(PAGES_CACHE).then(function (cache) { return cache.add(location.href); });
      }
    })
    .catch(function () { /* no offline reading on this browser; the page is unchanged */ });

  function label(box, name) {
    return (box.getAttribute("data-label-" + name) || "").replace("{size}", box.getAttribute("data-size-shown") || "");
  }

  /* The file to keep: the AV1 one when this browser plays it (the player picks the same
     <source>, so it finds it offline), otherwise H.264. */
  function chosen(box) {
    var type = box.getAttribute("data-offline-av1-type");
    var probe = document.createElement("video");
    var av1 = type && probe.canPlayType && probe.canPlayType(type) !== "";
    var prefix = av1 ? "data-offline-av1-" : "data-offline-";
    box.setAttribute("data-size-shown", box.getAttribute(prefix + "size") || "");
    box.setAttribute("data-offline-codec", av1 ? "av1" : "h264");
    return { src: box.getAttribute(prefix + "src"), bytes: box.getAttribute(prefix + "bytes") };
  }

  function setUp(box) {
    var file = chosen(box);
    var src = new URL(file.src, location.href).href;
    var size = Number(file.bytes) || 0;
    var button = box.querySelector("button");
    var status = box.querySelector("[data-offline-status]");
    var busy = false;

    function show(saved, message) {
      button.textContent = label(box, saved ? "remove" : "save");
      box.setAttribute("data-offline-saved", saved ? "true" : "false");
      status.textContent = message === undefined ? (saved ? label(box, "saved") : "") : message;
    }

    function isSaved() {
      return caches.open(VIDEO_CACHE).then(function (cache) { return cache.match(src); })
        .then(function (hit) { return Boolean(hit); });
    }

    function enoughRoom() {
      if (!navigator.storage || !navigator.storage.estimate) {
        return Promise.resolve(true);
      }
      return navigator.storage.estimate().then(function (e) {
        return !e.quota || e.quota - (e.usage || 0) > size;
      });
    }

    function save() {
      return enoughRoom().then(function (room) {
        if (!room) {
          show(false, label(box, "full"));
          return;
        }
        show(false, label(box, "saving"));
        if (navigator.storage && navigator.storage.persist) {
          navigator.storage.persist(); // ask the browser not to evict saved videos
        }
        return fetch(src).then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return caches.open(VIDEO_CACHE).then(function (cache) { return cache.put(src, response); });
        }).then(function () {
          // The page itself must open offline too.
          return caches.open(PAGES_CACHE).then(function (cache) { return cache.add(location.href); });
        }).then(function () { show(true); });
      });
    }

    function remove() {
      return caches.open(VIDEO_CACHE).then(function (cache) { return cache.delete(src); })
        .then(function () { show(false, label(box, "removed")); });
    }

    button.addEventListener("click", function () {
      if (busy) {
        return;
      }
      busy = true;
      button.disabled = true;
      isSaved().then(function (saved) { return saved ? remove() : save(); })
        .catch(function () { show(false, label(box, "failed")); })
        .then(function () { busy = false; button.disabled = false; });
    });

    isSaved().then(function (saved) {
      show(saved);
      box.hidden = false;
    });
  }

  /* On the offline page: the pages kept on this device, newest first, by their titles. */
  function listKeptPages(section) {
    var here = location.href.split("#")[0];
    caches.open(PAGES_CACHE).then(function (cache) {
      return cache.keys().then(function (requests) {
        var pages = requests.map(function (r) { return r.url; }).filter(function (url) {
          return url !== here && /(\/|\.html)(\?.*)?$/.test(url);
        }).reverse().slice(0, 30);
        return Promise.all(pages.map(function (url) {
          return cache.match(url).then(function (response) { return response.text(); })
            .then(function (html) {
              var doc = new DOMParser().parseFromString(html, "text/html");
              var h1 = doc.querySelector("h1");
              return { url: url, title: (h1 && h1.textContent.trim()) || doc.title || url };
            });
        }));
      });
    }).then(function (pages) {
      var list = section.querySelector("ul");
      pages.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = page.url;
        link.textContent = page.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      section.hidden = pages.length === 0;
    }).catch(function () { /* nothing kept: the section stays hidden */ });
  }

  function start() {
    var boxes = document.querySelectorAll("[data-offline-src]");
    for (var i = 0; i < boxes.length; i++) {
      setUp(boxes[i]);
    }
    var kept = document.querySelector("[data-offline-pages]");
    if (kept) {
      listKeptPages(kept);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
