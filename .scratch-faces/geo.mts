import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
import { loadFaceModels } from '../src/main/ml/faces/models'
import { decodeUpright } from '../src/main/ml/faces/image'
import { runUltraFace, nonMaxSuppression, planDetectionRegions, touchesInnerBorder } from '../src/main/ml/faces/detector'
import { predictLandmarks68, landmarkCrop, fivePointsFrom68, landmarkGeometry } from '../src/main/ml/faces/landmarks'
import { verifierCrop, verifyFace } from '../src/main/ml/faces/verifier'
const models = await loadFaceModels(await ensureFaceModelFiles())
for (const f of process.argv.slice(2)) {
  const { image } = await decodeUpright(f)
  const regions = planDetectionRegions(image.width, image.height)
  const all = []
  for (const [i, r] of regions.entries()) for (const c of await runUltraFace(models.detector, image, r, 0.5)) if (i === 0 || !touchesInnerBorder(c, r, image.width, image.height)) all.push(c)
  const cands = nonMaxSuppression(all, 0.4)
  for (const c of cands) {
    const crop = landmarkCrop(c, image.width, image.height)
    const p = await predictLandmarks68(models.landmarks, image, crop)
    const xs = p.map(q => q[0]), ys = p.map(q => q[1])
    const spanX = (Math.max(...xs) - Math.min(...xs)) / crop.width, spanY = (Math.max(...ys) - Math.min(...ys)) / crop.height
    const g = landmarkGeometry(fivePointsFrom68(p))
    const v = await verifyFace(models.verifier, image, verifierCrop(c))
    console.log(f.split('/').pop().padEnd(22), [c.x, c.y, c.width, c.height].map(Math.round).join(',').padEnd(18), 's', c.score.toFixed(2), 'v', v.score.toFixed(2), 'span', spanX.toFixed(2), spanY.toFixed(2), 'iod/side', (g.interOcular / crop.width).toFixed(2), 'nose', g.noseY.toFixed(2), 'mouth', g.mouthY.toFixed(2), 'mw', g.mouthWidth.toFixed(2), 'nx', g.noseX.toFixed(2))
  }
}
