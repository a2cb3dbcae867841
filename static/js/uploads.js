// Evidence uploads: one Uppy Dashboard per file requirement ([data-uploader] elements from
// templates/submissions/_artifact_requirement.html). Files go straight to storage as resumable
// multipart uploads: each S3 request is signed by our server for this artifact's key only,
// whether storage is S3 (presigned URLs) or local media (our S3-compatible emulator), so one
// code path serves both. GoldenRetriever keeps files and upload ids across a closed tab; Uppy
// then resumes from the parts already stored (ListParts).
//
// One clear state per file, in one place: the Dashboard shows a file while it is queued or
// uploading (with its progress); once storage has it, the file leaves the Dashboard and the
// server's list (templates/submissions/artifacts/_list.html) shows it processing, ready or
// failed. A server row for a file this Dashboard is still uploading is hidden meanwhile. A file
// that can never be accepted (wrong type, too large, refused by the server) is shown failed in
// the list with its reason, the accepted types of that requirement, and Remove; never Retry
// (the Dashboard's Retry is for network trouble, where continuing helps). Uploads start as
// soon as a file is chosen.
(function () {
  "use strict";
  if (window.__evidenceUploads) { return; } // the partial may be included more than once
  window.__evidenceUploads = true;

  var MiB = 1024 * 1024;
  // Mirrors EXTENSIONS in submissions/media.py (a test keeps them equal); the server re-checks
  // everything, and processing trusts only the bytes.
  var EXTENSIONS = {
    video: [".mp4", ".m4v", ".mov", ".qt", ".3gp", ".3g2", ".webm", ".mkv", ".avi", ".mpg",
      ".mpeg", ".mts", ".m2ts", ".ts", ".wmv", ".ogv"],
    audio: [".mp3", ".m4a", ".aac", ".wav", ".ogg", ".oga", ".opus", ".flac", ".amr", ".wma",
      ".caf", ".aif", ".aiff", ".weba"],
    document: [".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".txt"],
    image: [".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif"]
  };

  // Shared with the other page scripts: static/js/csrf.js, loaded by base.html.
  function csrfToken() { return window.Microcred.csrfToken(); }

  function messageOf(data, status) {
    if (data && data.error) { return data.error; }
    if (data && data.errors) { return Object.keys(data.errors).map(function (k) { return data.errors[k]; }).join(" "); }
    return "The server answered " + status + "; please try again.";
  }

  function postJSON(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(messageOf(data, response.status));
          error.status = response.status;
          error.data = data;
          throw error;
        }
        return data;
      });
    });
  }

  // At most 1000 parts: S3's ListParts answers 1000 at a time and Uppy reads one page when
  // it resumes. 8 MiB parts keep a retry on weak Wi-Fi cheap. The server plans the same parts
  // (submissions/artifacts.py planned_part_size) and signs each part's link for its length.
  function chunkSize(file) { return Math.max(8 * MiB, Math.ceil(file.size / 1000)); }

  // Parts in flight at once (Uppy's `limit`), as bench/bench_upload.py sends them.
  var PARTS_IN_FLIGHT = 4;
  // The parts one signing request asks links for: a part does not wait for a signing round
  // trip of its own. 16 parts of 8 MiB are 128 MiB, sent well within a link's life (15 minutes)
  // on any connection an upload of this size is sensible on; an older link is asked for again.
  var PART_BATCH = 16;

  function sizeLabel(bytes) {
    var units = ["bytes", "KB", "MB", "GB"];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
    return unit === 0 ? bytes + " bytes" : value.toFixed(1) + " " + units[unit];
  }

  // The same words as the server's (submissions/artifacts.py upload_problems).
  function note(label, maxBytes) {
    return "Accepted: " + label + (maxBytes ? ", up to " + sizeLabel(maxBytes) + " each." : ".");
  }

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot > 0 ? name.slice(dot).toLowerCase() : "";
  }

  function setup(root) {
    var cfg = root.dataset;
    var kinds = (cfg.acceptedKinds || "").split(",").filter(Boolean);
    var extensions = [];
    kinds.forEach(function (kind) { extensions = extensions.concat(EXTENSIONS[kind] || []); });
    var label = cfg.acceptedLabel || kinds.join(" or ") + " files";
    var maxBytes = cfg.maxMb ? parseInt(cfg.maxMb, 10) * MiB : 0;
    var message = root.querySelector("[data-upload-message]");
    var Uppy = window.Uppy;
    var failures = []; // list items of files refused before the server kept them

    function say(text) { message.textContent = text || ""; }

    function changed() { document.dispatchEvent(new CustomEvent("microcred:evidence-changed")); }

    function list() { return document.getElementById(cfg.listTarget); }

    function refreshList() {
      if (!window.htmx || !list()) { return Promise.resolve(); }
      return window.htmx.ajax("GET", cfg.listUrl, { target: "#" + cfg.listTarget, swap: "outerHTML" })
        .then(syncRows, syncRows).then(changed);
    }

    // What keeps a chosen file from ever being accepted here, in the server's words.
    function fileProblem(file) {
      if (extensions.length && extensions.indexOf(extensionOf(file.name || "")) < 0) {
        return "This requirement takes " + label + "; “" + file.name + "” is not one of them.";
      }
      if (!file.size) { return "The file is empty or its size is unknown."; }
      if (maxBytes && file.size > maxBytes) {
        return "The file is " + sizeLabel(file.size) + "; this requirement takes files up to " +
          sizeLabel(maxBytes) + ".";
      }
      return "";
    }

    // A refused file: one failed item in the list, with the reason and Remove (no Retry: the
    // same file would be refused again).
    function showFailure(name, reason) {
      var item = document.createElement("li");
      item.className = "artifact border rounded p-2 mb-2 d-flex flex-wrap gap-3 align-items-start";
      item.dataset.localFailure = "";
      item.dataset.status = "failed";
      var body = document.createElement("div");
      body.className = "flex-grow-1";
      var title = document.createElement("div");
      title.className = "fw-semibold text-break";
      title.textContent = name;
      var why = document.createElement("div");
      why.className = "small text-danger";
      why.setAttribute("role", "alert");
      why.dataset.failure = "";
      var badge = document.createElement("span");
      badge.className = "badge text-bg-danger";
      badge.textContent = "Failed";
      why.appendChild(badge);
      why.appendChild(document.createTextNode(" " + reason));
      var actions = document.createElement("div");
      actions.className = "d-flex flex-wrap gap-2 mt-2";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-sm btn-outline-danger";
      remove.textContent = "Remove";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " " + name;
      remove.appendChild(hidden);
      remove.addEventListener("click", function () {
        failures = failures.filter(function (f) { return f !== item; });
        item.remove();
        syncRows();
        var heading = root.querySelector("h4");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      });
      actions.appendChild(remove);
      body.appendChild(title);
      body.appendChild(why);
      body.appendChild(actions);
      item.appendChild(body);
      failures.push(item);
      syncRows();
    }

    // One row per file: refused files are listed, rows of files this Dashboard is uploading are
    // hidden (the Dashboard shows their progress), the "no file" note only when nothing is.
    function syncRows() {
      var target = list();
      if (!target) { return; }
      var uploadingHere = {};
      uppy.getFiles().forEach(function (f) {
        if (f.meta.artifactId) { uploadingHere[f.meta.artifactId] = true; }
      });
      target.querySelectorAll("li[data-artifact]").forEach(function (row) {
        row.hidden = row.dataset.status === "uploading" && !!uploadingHere[row.dataset.artifact];
      });
      failures.forEach(function (item) {
        if (item.parentNode !== target) { target.appendChild(item); }
      });
      var empty = target.querySelector("[data-empty-note]");
      if (empty) {
        empty.hidden = !!target.querySelector("li[data-artifact]:not([hidden]), li[data-local-failure]");
      }
    }

    var uppy = new Uppy.Uppy({
      id: cfg.storeId,
      autoProceed: false,
      restrictions: { maxNumberOfFiles: parseInt(cfg.maxFiles, 10) || 20 },
      onBeforeFileAdded: function (file, files) {
        var restored = files[file.id] && files[file.id].isGhost;
        var problem = restored ? "" : fileProblem(file);
        if (problem) {
          showFailure(file.name, problem);
          return false;
        }
        return !Object.prototype.hasOwnProperty.call(files, file.id);
      }
    });

    function fileForKey(key) {
      return uppy.getFiles().filter(function (f) { return f.meta.storageKey === key; })[0];
    }

    // The server's record of this file: created once, kept in the file's meta (which
    // GoldenRetriever restores) so a resumed upload signs against the same artifact.
    function ensureArtifact(file) {
      if (file.meta.artifactId) { return Promise.resolve(file); }
      return postJSON(cfg.createUrl, {
        requirement: cfg.requirement, filename: file.name, size: file.size, type: file.type || ""
      }).then(function (artifact) {
        uppy.setFileMeta(file.id, {
          artifactId: artifact.id, storageKey: artifact.key, signUrl: artifact.sign_url,
          uploadedUrl: artifact.uploaded_url, removeUrl: artifact.remove_url
        });
        refreshList();
        return uppy.getFile(file.id);
      }, function (error) {
        // Refused by the server (type, size, a full requirement, no longer a draft): sending
        // it again cannot help.
        if (error.status && error.status < 500) { error.permanent = true; }
        throw error;
      });
    }

    // The upload was closed on the server (removed, or abandoned for too long): forget it, so
    // "retry" starts a fresh upload instead of resuming one that no longer exists.
    function forget(file) {
      delete partLinks[file.id];
      uppy.setFileMeta(file.id, {
        artifactId: null, storageKey: null, signUrl: null, uploadedUrl: null, removeUrl: null
      });
      uppy.setFileState(file.id, { s3Multipart: undefined });
    }

    // Part links asked for but not used yet: file id -> {uploadId, links: {part number: the
    // promise of the signing answer that holds its link}}. A link is handed out once, so a
    // part sent again (a dropped connection) is signed afresh.
    var partLinks = {};

    function partLink(file, request) {
      var entry = partLinks[file.id];
      if (!entry || entry.uploadId !== request.uploadId) {
        entry = partLinks[file.id] = { uploadId: request.uploadId, links: {} };
      }
      var answer = entry.links[request.partNumber];
      delete entry.links[request.partNumber];
      if (!answer) { answer = askForLinks(file, entry, request.partNumber); }
      return answer.then(function (signed) {
        if (Date.now() - signed.receivedAt > signed.expires_in * 500) {
          delete partLinks[file.id]; // half its life is gone: the parts after it too
          return partLink(file, request);
        }
        var part = signed.parts.filter(function (p) { return p.partNumber === request.partNumber; })[0];
        return { url: part.url, key: signed.key, headers: signed.headers };
      });
    }

    // One signing request for this part and the next ones without a link (up to PART_BATCH).
    function askForLinks(file, entry, first) {
      var last = Math.ceil(file.size / chunkSize(file));
      var numbers = [];
      for (var n = first; n <= last && n < first + PART_BATCH; n += 1) {
        if (n === first || !entry.links[n]) { numbers.push(n); }
      }
      var answer = postJSON(file.meta.signUrl, {
        method: "PUT", key: file.meta.storageKey, uploadId: entry.uploadId, partNumbers: numbers
      }).then(function (signed) {
        signed.receivedAt = Date.now();
        return signed;
      });
      numbers.forEach(function (n) { if (n !== first) { entry.links[n] = answer; } });
      answer.catch(function () { // refused: the parts after this one ask again
        numbers.forEach(function (n) { if (entry.links[n] === answer) { delete entry.links[n]; } });
      });
      return answer;
    }

    function signRequest(request) {
      var pending = request.key.indexOf("pending/") === 0;
      var file = pending ? uppy.getFile(request.key.slice(8)) : fileForKey(request.key);
      if (!file) {
        return Promise.reject(new Error("This upload is no longer known; remove it and add the file again."));
      }
      return (pending ? ensureArtifact(file) : Promise.resolve(file)).then(function (current) {
        if (request.method === "PUT" && request.uploadId && request.partNumber) {
          return partLink(current, request);
        }
        return postJSON(current.meta.signUrl, {
          method: request.method,
          key: current.meta.storageKey,
          uploadId: request.uploadId || "",
          partNumber: request.partNumber || null
        });
      }).catch(function (error) {
        if (error.status === 409 && error.data && error.data.uploaded) {
          // It reached storage after all (the answer was lost): show it in the list, where it
          // is being checked, instead of sending the whole file again.
          say(file.name + ": " + error.message);
          forget(file); // no remove URL: taking it off the dashboard must not delete it
          uppy.removeFile(file.id);
          refreshList();
        } else if (error.status === 404 || error.status === 409) { forget(file); }
        throw error;
      });
    }

    // Uppy has completed the multipart upload: tell the server, which checks the object and
    // starts processing. Storage hiccups (503) and network errors are retried with backoff.
    function finish(file) {
      // The event carries the file as it was when the upload started: read the meta we added.
      var current = uppy.getFile(file.id) || file;
      var url = current.meta.uploadedUrl;
      var attempt = 0;
      if (!url) { return; }
      (function tell() {
        postJSON(url, {}).then(function () {
          say("");
          // Storage has it: from now on the list shows it (processing, then ready or failed).
          uppy.setFileMeta(file.id, { removeUrl: null });
          uppy.removeFile(file.id);
          refreshList();
        }).catch(function (error) {
          attempt += 1;
          if ((!error.status || error.status === 503) && attempt < 8) {
            setTimeout(tell, Math.min(30000, 1000 * Math.pow(2, attempt)));
          } else {
            say(file.name + ": " + error.message);
            refreshList();
          }
        });
      })();
    }

    uppy.use(Uppy.Dashboard, {
      inline: true,
      target: root.querySelector("[data-uppy-target]"),
      width: "100%",
      // Shorter on a phone: one tall drop area per requirement made the page a long scroll.
      height: window.matchMedia("(max-width: 575.98px)").matches ? 220 : 320,
      theme: "light",
      note: note(label, maxBytes),
      showProgressDetails: true,
      hideProgressAfterFinish: true,
      proudlyDisplayPoweredByUppy: false,
      doneButtonHandler: null
    });
    uppy.use(Uppy.GoldenRetriever, { serviceWorker: false });
    uppy.use(Uppy.AwsS3, {
      shouldUseMultipart: true,
      getChunkSize: chunkSize,
      limit: PARTS_IN_FLIGHT,
      generateObjectKey: function (file) { return "pending/" + file.id; },
      signRequest: signRequest
    });
    uppy.on("upload-success", function (file) { if (file) { finish(file); } });
    // Removing (or cancelling) a file that has not finished uploading removes its artifact,
    // so the page does not show an upload that nobody will finish.
    uppy.on("file-removed", function (file) {
      delete partLinks[file.id];
      if (file.meta.removeUrl && !file.progress.uploadComplete) {
        postJSON(file.meta.removeUrl, {}).catch(function () { /* the sweeper settles it */ })
          .then(refreshList);
      } else {
        syncRows();
      }
    });
    uppy.on("upload-error", function (file, error) {
      if (error && error.data && error.data.uploaded) { // said by signRequest
        setTimeout(function () { uppy.setState({ error: null }); uppy.hideInfo(); }, 0);
        return;
      }
      var cause = error && !error.status && error.cause ? error.cause : error;
      if (file && cause && cause.permanent) {
        // Not a file this requirement can take: one failed item in the list, no Retry.
        setTimeout(function () {
          uppy.removeFile(file.id);
          uppy.setState({ error: null });
          uppy.hideInfo();
          showFailure(file.name, cause.message);
        }, 0);
        return;
      }
      say((file ? file.name + ": " : "") + (error && error.message ? error.message : "upload failed") +
        " Use the retry button to continue where it stopped.");
    });
    uppy.on("upload", function () { say(""); });
    uppy.on("file-added", syncRows);
    // Choosing a file starts its upload: no second click. A restored upload (its file chosen
    // again) goes on the way the Dashboard's own button does it: "restore-confirmed", which
    // GoldenRetriever answers by resuming from the parts already stored.
    uppy.on("files-added", function () {
      if (uppy.getFiles().some(function (f) { return f.isGhost; })) { return; }
      setTimeout(function () {
        if (uppy.getState().recoveredState) {
          uppy.emit("restore-confirmed");
        } else {
          uppy.upload().catch(function () { /* shown by upload-error */ });
        }
      }, 0);
    });
    uppy.on("restored", syncRows);
    root.closest(".artifact-requirement").addEventListener("htmx:load", syncRows);
    giveFileListItsRole(root);
    syncRows();
    root.uppy = uppy; // for tests and debugging
  }

  // Uppy's Dashboard renders a single file as role="listitem" in a container with no role
  // (an ARIA error: screen readers announce no list); give the container its role after each
  // render.
  function giveFileListItsRole(root) {
    function mark() {
      root.querySelectorAll(".uppy-Dashboard-files:not([role])").forEach(function (list) {
        list.setAttribute("role", "list");
      });
    }
    new MutationObserver(mark).observe(root, { childList: true, subtree: true });
    mark();
  }

  function init() {
    if (!window.Uppy) { return; }
    document.querySelectorAll("[data-uploader]").forEach(function (root) {
      if (!root.uppy) { setup(root); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
