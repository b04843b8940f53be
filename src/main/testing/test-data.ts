// Where the committed test photos are (test-data/, see test-data/SOURCES.md). Tests, benchmarks
// and e2e specs read real photos only from here or from npm devDependencies, never from system
// folders, so a fresh clone needs nothing but `npm install`.
import { join } from 'node:path'
import { appRoot } from '../platform/app-root'

export const TEST_DATA = join(appRoot(), 'test-data')
/** Debian opencv-doc: examples/data. */
export const OPENCV_DATA = join(TEST_DATA, 'opencv', 'data')
/** Debian opencv-doc: the HTML tutorials' images (faces). */
export const OPENCV_HTML = join(TEST_DATA, 'opencv', 'html')
/** Debian opencv-doc: examples/text (scene text). */
export const OPENCV_TEXT = join(TEST_DATA, 'opencv', 'text')
/** Debian python3-skimage: skimage/data. */
export const SKIMAGE_DATA = join(TEST_DATA, 'skimage')
/** HEIC files made once with heif-enc (libheif 1.15) from the photos named in SOURCES.md. */
export const HEIC_DATA = join(TEST_DATA, 'heic')
/** exiftool 12.57's answers (`exiftool -n -json -G`) for the photos the metadata tests check. */
export const EXIFTOOL_DATA = join(TEST_DATA, 'exiftool')
/** Short videos made once with ffmpeg from the files above (see SOURCES.md, `video/`). */
export const VIDEO_DATA = join(TEST_DATA, 'video')
