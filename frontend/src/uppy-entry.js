// esbuild entry for the vendored Uppy bundle (static/vendor/uppy/uppy.min.js).
// Exposes only the pieces the app uses; the app's own upload code lives elsewhere.
import { Uppy } from '@uppy/core'
import Dashboard from '@uppy/dashboard'
import AwsS3 from '@uppy/aws-s3'
import GoldenRetriever from '@uppy/golden-retriever'

window.Uppy = { Uppy, Dashboard, AwsS3, GoldenRetriever }
