// Time codes that play a recording from that moment: a reviewer's comment "0:06" on the
// review page and in the feedback the educator reads. Each is a link or button with
// data-seek, data-media (the id of the <video>/<audio> on the page) and data-time (seconds).
// Without JavaScript a link still opens the recording at that time (#t= media fragment).
// No inline scripts (CSP).
(function () {
  "use strict";

  function seekTo(media, seconds) {
    if (media.readyState >= 1) {
      media.currentTime = seconds;
      return;
    }
    // Not loaded yet (preload="none"): seek as soon as the player knows the duration.
    media.addEventListener("loadedmetadata", function ready() {
      media.removeEventListener("loadedmetadata", ready);
      media.currentTime = seconds;
    });
    media.preload = "metadata";
    media.load();
  }

  function seek(event) {
    var control = event.target.closest("[data-seek]");
    if (!control) { return; }
    var media = document.getElementById(control.dataset.media);
    if (!media) { return; }  // the recording is not on this page: follow the link
    event.preventDefault();
    var details = media.closest("details");
    if (details) { details.open = true; }
    seekTo(media, parseFloat(control.dataset.time) || 0);
    media.scrollIntoView({ block: "center", behavior: "smooth" });
    media.focus();
    var playing = media.play();
    if (playing && playing.catch) { playing.catch(function () { /* autoplay refused */ }); }
  }

  document.addEventListener("click", seek);
})();
