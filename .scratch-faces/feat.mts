import { readFileSync, writeFileSync } from 'node:fs'
import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
import { loadFaceModels } from '../src/main/ml/faces/models'
import { decodeUpright } from '../src/main/ml/faces/image'
import { predictLandmarks68, landmarkCrop, fivePointsFrom68, landmarkGeometry } from '../src/main/ml/faces/landmarks'
import { verifierCrop, verifyFace } from '../src/main/ml/faces/verifier'
const models = await loadFaceModels(await ensureFaceModelFiles())
const d = JSON.parse(readFileSync('.scratch-faces/scan.json', 'utf8'))
const rows: any[] = []
for (const [i, it] of d.entries()) {
  const { image, toOriginal } = await decodeUpright(it.f)
  const [x, y, w, h] = it.box.map((v: number) => v / toOriginal)
  const c = { x, y, width: w, height: h }
  const crop = landmarkCrop(c, image.width, image.height)
  const p = await predictLandmarks68(models.landmarks, image, crop)
  const xs = p.map(q => q[0]), ys = p.map(q => q[1])
  const five = fivePointsFrom68(p)
  const g = landmarkGeometry(five)
  const v = await verifyFace(models.verifier, image, verifierCrop(c))
  let kpErr = 9
  if (v.keypoints.length) {
    const mouth = [(five[3][0] + five[4][0]) / 2, (five[3][1] + five[4][1]) / 2]
    const pairs = [[v.keypoints[0], five[0]], [v.keypoints[1], five[1]], [v.keypoints[2], five[2]], [v.keypoints[3], mouth]]
    kpErr = pairs.reduce((a, [u, w]) => a + Math.hypot(u![0] - w![0], u![1] - w![1]), 0) / 4 / Math.max(1, g.interOcular)
  }
  rows.push({ i, v: +v.score.toFixed(3), s: it.s, kp: +kpErr.toFixed(2), spanX: +((Math.max(...xs) - Math.min(...xs)) / crop.width).toFixed(2), iod: +(g.interOcular / Math.max(w, h)).toFixed(2), nose: +g.noseY.toFixed(2), mouth: +g.mouthY.toFixed(2), mw: +g.mouthWidth.toFixed(2), nx: +g.noseX.toFixed(2) })
}
writeFileSync('.scratch-faces/feat.json', JSON.stringify(rows))
