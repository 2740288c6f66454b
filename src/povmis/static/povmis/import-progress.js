// A province's file takes minutes to check or commit: send the form in the background and show how
// far the server has got (its step, the share of the work done, the time elapsed) until it answers
// with the next page. Without these browser features the form is simply sent as it is.
(function () {
  if (!window.XMLHttpRequest || !window.FormData) return;

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function track(form) {
    var box = form.querySelector("[data-progress]"), bar = box.querySelector("progress");
    var step = box.querySelector("[data-step]"), elapsed = box.querySelector("[data-elapsed]");
    var commit = form.dataset.commit === "true", polling = null, ticking = null, started = 0;
    function show(text, percent) { step.textContent = text; bar.value = percent; }
    function tick() { elapsed.textContent = clock(Math.round((Date.now() - started) / 1000)); }
    function stop() { clearInterval(polling); clearInterval(ticking); }
    function poll() {
      var request = new XMLHttpRequest();
      request.open("GET", form.dataset.statusUrl);
      request.onload = function () {
        if (request.status !== 200) return;  // a busy server answers the next poll
        var state = JSON.parse(request.responseText);
        // Before the commit has begun, the state is still the check's: keep waiting.
        if (state.commit === commit) show(state.text, state.percent);
      };
      request.send();
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      form.querySelector("button[type=submit]").disabled = true;
      started = Date.now();
      box.hidden = false;
      tick();
      ticking = setInterval(tick, 1000);
      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.upload.onprogress = function (e) {  // only the upload form has a file worth showing
        if (!e.lengthComputable || !form.dataset.uploading) return;
        show(form.dataset.uploading, Math.round(100 * e.loaded / e.total));
      };
      request.upload.onload = function () { polling = setInterval(poll, 1000); poll(); };
      request.onload = function () {
        // Show the page the server answered with, at its address: loading it again would lose its messages.
        stop();
        document.open(); document.write(request.responseText); document.close();
        if (request.responseURL) window.history.replaceState(null, "", request.responseURL);
      };
      request.onerror = function () { stop(); form.submit(); };
      request.send(new FormData(form));
    });
  }

  document.querySelectorAll("form[data-status-url]").forEach(track);
})();
