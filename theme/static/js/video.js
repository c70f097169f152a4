/* Kas Dikdas Blora: the showcase player, enhanced. Without this file every tier is a
   plain link to its H.264 file (it plays in the phone's own player or downloads). With
   it, each tier link points at the codec this browser plays (AV1 when canPlayType says
   so, as the <video>'s own <source> choice does) and shows that file's size; a tier
   plays in place without a reload, and the choice is remembered for the next page,
   except when the phone asks to save data (Save-Data): then the page keeps the hemat
   tier. Choosing a tier before play fetches no video: the player stays preload="none".
   The share box ([data-bagikan]) gains "Salin tautan" where the browser offers a
   clipboard and "Bagikan lewat…" where it has a share sheet (navigator.share); its
   plain links work without this file. */
(function () {
  "use strict";
  var KEY = "kasdikdas.tingkat";
  var connection = navigator.connection || {};
  var saveData = connection.saveData === true;

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(tier) {
    try { window.localStorage.setItem(KEY, tier); } catch (e) { /* private mode */ }
  }

  function choose(figure, link, play) {
    var video = figure.querySelector("video");
    if (!video) { return; }
    var links = figure.querySelectorAll("a.putar");
    for (var i = 0; i < links.length; i++) { links[i].removeAttribute("aria-current"); }
    link.setAttribute("aria-current", "true");
    var href = link.getAttribute("href");
    // What the player holds now: its own choice among the <source>s, or a tier set here.
    var current = video.currentSrc || video.src;
    if (current !== link.href) {
      // A src attribute takes over from the <source>; unlike load(), setting it keeps
      // preload="none" in Chromium: still no byte until play.
      var at = video.currentTime;
      video.setAttribute("src", href);
      if (at > 0) {
        video.addEventListener("loadedmetadata", function resume() {
          video.removeEventListener("loadedmetadata", resume);
          video.currentTime = Math.min(at, video.duration || at);
        });
      }
    }
    if (play) {
      var started = video.play();
      if (started && started.catch) { started.catch(function () { /* the viewer taps play */ }); }
    }
  }

  /* Point every tier link at the AV1 file, with its size, when this browser plays AV1. */
  function preferPlayable(figure) {
    var probe = figure.querySelector("video");
    if (!probe || !probe.canPlayType) { return; }
    var links = figure.querySelectorAll("a.putar[data-av1-href]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (probe.canPlayType(link.getAttribute("data-av1-type")) === "") { continue; }
      link.setAttribute("href", link.getAttribute("data-av1-href"));
      link.setAttribute("type", link.getAttribute("data-av1-type"));
      link.setAttribute("data-codec", "av1");
      var size = link.querySelector(".ukuran");
      if (size) { size.textContent = link.getAttribute("data-av1-size"); }
    }
  }

  function setUp(figure) {
    preferPlayable(figure);
    var tier = remembered();
    if (tier && !saveData) {
      var saved = figure.querySelector('a.putar[data-tier="' + tier.replace(/[^a-z0-9-]/g, "") + '"]');
      if (saved) { choose(figure, saved, false); }
    }
    figure.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.putar");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
      event.preventDefault();
      remember(link.getAttribute("data-tier"));
      choose(figure, link, true);
    });
  }

  function say(box, text) {
    var status = box.querySelector("[data-status]");
    if (status) { status.textContent = text; }
  }

  function offer(button, action) {
    if (!button) { return; }
    button.parentNode.hidden = false;
    button.addEventListener("click", action);
  }

  function setUpShare(box) {
    var url = box.getAttribute("data-url");
    var title = box.getAttribute("data-title");
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      offer(box.querySelector("[data-salin]"), function () {
        navigator.clipboard.writeText(url).then(function () {
          say(box, "Tautan disalin. Tempel di pesan atau status Anda.");
        }, function () {
          say(box, "Tautan tidak dapat disalin otomatis: " + url);
        });
      });
    }
    if (typeof navigator.share === "function") {
      offer(box.querySelector("[data-bagikan-lain]"), function () {
        var shared = navigator.share({ title: title, text: title, url: url });
        if (shared && shared.catch) { shared.catch(function () { /* the sheet was closed */ }); }
      });
    }
  }

  var figures = document.querySelectorAll("[data-pemutar]");
  for (var i = 0; i < figures.length; i++) { setUp(figures[i]); }
  var boxes = document.querySelectorAll("[data-bagikan]");
  for (var j = 0; j < boxes.length; j++) { setUpShare(boxes[j]); }
}());
