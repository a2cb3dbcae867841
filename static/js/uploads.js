// Evidence uploads: one Uppy Dashboard per file requirement ([data-uploader] elements from
// templates/submissions/_artifact_requirement.html). Files go straight to storage as resumable
// multipart uploads: each S3 request is signed by our server for this artifact's key only,
// whether storage is S3 (presigned URLs) or local media (our S3-compatible emulator), so one
// code path serves both. GoldenRetriever keeps files and upload ids across a closed tab; Uppy
// then resumes from the parts already stored (ListParts).
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

  function note(kinds, maxMb) {
    var what = kinds.length ? kinds.join(", ") : "any";
    if (!maxMb) { return "Accepted: " + what + " files."; }
    var mb = parseInt(maxMb, 10);
    var size = mb >= 1024 ? (mb / 1024).toFixed(mb % 1024 ? 1 : 0) + " GB" : mb + " MB";
    return "Accepted: " + what + " files, up to " + size + " each.";
  }

  function setup(root) {
    var cfg = root.dataset;
    var kinds = (cfg.acceptedKinds || "").split(",").filter(Boolean);
    var extensions = [];
    kinds.forEach(function (kind) { extensions = extensions.concat(EXTENSIONS[kind] || []); });
    var message = root.querySelector("[data-upload-message]");
    var Uppy = window.Uppy;

    function say(text) { message.textContent = text || ""; }

    function refreshList() {
      if (window.htmx && document.getElementById(cfg.listTarget)) {
        window.htmx.ajax("GET", cfg.listUrl, { target: "#" + cfg.listTarget, swap: "outerHTML" });
      }
    }

    var uppy = new Uppy.Uppy({
      id: cfg.storeId,
      autoProceed: false,
      restrictions: {
        maxFileSize: cfg.maxMb ? parseInt(cfg.maxMb, 10) * MiB : null,
        allowedFileTypes: extensions.length ? extensions : null,
        maxNumberOfFiles: parseInt(cfg.maxFiles, 10) || 20
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
      });
    }

    // The upload was closed on the server (removed, or abandoned for too long): forget it, so
    // "retry" starts a fresh upload instead of resuming one that no longer exists.
    function forget(file) {
      uppy.setFileMeta(file.id, {
        artifactId: null, storageKey: null, signUrl: null, uploadedUrl: null, removeUrl: null
      });
      uppy.setFileState(file.id, { s3Multipart: undefined });
    }

    function signRequest(request) {
      var pending = request.key.indexOf("pending/") === 0;
      var file = pending ? uppy.getFile(request.key.slice(8)) : fileForKey(request.key);
      if (!file) {
        return Promise.reject(new Error("This upload is no longer known; remove it and add the file again."));
      }
      return (pending ? ensureArtifact(file) : Promise.resolve(file)).then(function (current) {
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
        postJSON(url, {}).then(function () { say(""); refreshList(); }).catch(function (error) {
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
      note: note(kinds, cfg.maxMb),
      showProgressDetails: true,
      proudlyDisplayPoweredByUppy: false,
      doneButtonHandler: null
    });
    uppy.use(Uppy.GoldenRetriever, { serviceWorker: false });
    uppy.use(Uppy.AwsS3, {
      shouldUseMultipart: true,
      getChunkSize: chunkSize,
      limit: 3,
      generateObjectKey: function (file) { return "pending/" + file.id; },
      signRequest: signRequest
    });
    uppy.on("upload-success", function (file) { if (file) { finish(file); } });
    // Removing (or cancelling) a file that has not finished uploading removes its artifact,
    // so the page does not show an upload that nobody will finish.
    uppy.on("file-removed", function (file) {
      if (file.meta.removeUrl && !file.progress.uploadComplete) {
        postJSON(file.meta.removeUrl, {}).catch(function () { /* the sweeper settles it */ })
          .then(refreshList);
      }
    });
    uppy.on("upload-error", function (file, error) {
      if (error && error.data && error.data.uploaded) { // said by signRequest
        setTimeout(function () { uppy.setState({ error: null }); uppy.hideInfo(); }, 0);
        return;
      }
      say((file ? file.name + ": " : "") + (error && error.message ? error.message : "upload failed") +
        " Use the retry button to continue where it stopped.");
    });
    uppy.on("upload", function () { say(""); });
    giveFileListItsRole(root);
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
