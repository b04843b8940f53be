// The sidecars whose exiftool reading is committed under test-data/xmp/exiftool: what PhotoHouse
// knows of each photo, and the sidecar (if any) another program wrote before. Shared by the
// generator (make-exiftool-answers.ts, run by hand where exiftool is installed) and the tests.
import { join } from 'node:path'
import { appRoot } from '../platform/app-root'
import type { SidecarAsset } from '../catalog'
import type { Box } from './regions'

export const XMP_TEST_DATA = join(appRoot(), 'test-data', 'xmp')

export interface SidecarCase {
  /** The sidecar's file name under test-data/xmp/ours (and its answer's, + .json, under exiftool/). */
  file: string
  /** A sidecar another program wrote, merged into (relative to test-data/xmp). */
  existing: string | null
  asset: Omit<SidecarAsset, 'id' | 'paths'>
  parts: { userTags: string[]; named: { name: string; box: Box }[]; machineTags: string[] }
}

/** The face PhotoHouse's detector finds in astronaut-rot6.jpg, in fractions of the photo as shown (512x400). */
export const ASTRONAUT_FACE: Box = [0.34765625, 0.165, 0.177734375, 0.275]

const astronaut: SidecarCase['asset'] = {
  // Shown 512x400; stored 400x512 turned by EXIF orientation 6.
  width: 512,
  height: 400,
  orientation: 6,
  rating: 5,
  favorite: true,
  description: 'Eileen Collins, pilot of STS-63',
  takenAt: '1995-02-03T05:22:04-06:00',
  dateEdited: true,
  placeEdited: true,
  lat: 29.559722,
  lon: -95.089722,
}

export const SIDECAR_CASES: SidecarCase[] = [
  {
    // A new sidecar of an EXIF-rotated photo with a confirmed face and a named region without one.
    file: 'astronaut-rot6.jpg.xmp',
    existing: null,
    asset: astronaut,
    parts: { userTags: ['NASA', 'space'], named: [{ name: 'Eileen Collins', box: ASTRONAUT_FACE }], machineTags: [] },
  },
  {
    // digiKam's sidecar of the same photo merged: its tag tree, Microsoft regions and a Focus region stay.
    file: 'digikam-astronaut-rot6.jpg.xmp',
    existing: 'digikam/astronaut-rot6.jpg.xmp',
    asset: { ...astronaut, favorite: false, dateEdited: false, placeEdited: false },
    parts: { userTags: ['NASA', 'space'], named: [{ name: 'Eileen Collins', box: ASTRONAUT_FACE }, { name: 'Pat Lee', box: [0.8, 0.7, 0.1, 0.15] }], machineTags: ['person'] },
  },
  {
    // Lightroom's sidecar merged (photo.xmp naming): develop settings, hierarchy and the colour label stay.
    file: 'lr.xmp',
    existing: 'lightroom/lr.xmp',
    asset: {
      width: 640,
      height: 480,
      orientation: 1,
      rating: 2,
      favorite: false,
      description: 'Starfish at low tide, Rømø',
      takenAt: '2013-05-10T15:21:35+02:00',
      dateEdited: false,
      placeEdited: true,
      lat: 55.1,
      lon: 8.5,
    },
    parts: { userTags: ['beach', 'Denmark', 'starfish', 'low tide'], named: [], machineTags: [] },
  },
]
