import sharp from 'sharp'
import { Tensor } from 'onnxruntime-node'
import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
import { loadFaceModels } from '../src/main/ml/faces/models'
import { decodeUpright, cropResize } from '../src/main/ml/faces/image'
import { planDetectionRegions, runUltraFace, nonMaxSuppression } from '../src/main/ml/faces/detector'
import { verifierCrop, verifyFace } from '../src/main/ml/faces/verifier'
import { predictLandmarks68, landmarkCrop, fivePointsFrom68 } from '../src/main/ml/faces/landmarks'
const models = await loadFaceModels(await ensureFaceModelFiles())
let n = 0
for (const f of process.argv.slice(2)) {
  const { image } = await decodeUpright(f)
  const cands = nonMaxSuppression(await runUltraFace(models.detector, image, { x: 0, y: 0, width: image.width, height: image.height }, 0.5), 0.4)
  for (const c of cands) {
    const row: string[] = []
    for (const e of [1.2, 1.5, 1.8, 2.2, 2.8]) {
      const v = await verifyFace(models.verifier, image, verifierCrop(c, e))
      row.push(e + ':' + v.score.toFixed(2))
    }
    const crop = verifierCrop(c, 1.8)
    const px = await cropResize(image, crop, 128, 128)
    const pts = fivePointsFrom68(await predictLandmarks68(models.landmarks, image, landmarkCrop(c, image.width, image.height)))
    const name = `.scratch-faces/crop${n++}.png`
    // draw landmarks
    for (const [x, y] of pts) { const u = Math.round((x - crop.x) / crop.width * 128), v = Math.round((y - crop.y) / crop.height * 128); for (let dy=-1;dy<=1;dy++) for (let dx=-1;dx<=1;dx++){ const i=((v+dy)*128+u+dx)*3; if(i>=0&&i<px.length){px[i]=255;px[i+1]=0;px[i+2]=0}} }
    await sharp(px, { raw: { width: 128, height: 128, channels: 3 } }).png().toFile(name)
    console.log(f.split('/').pop(), name, c.score.toFixed(2), row.join(' '))
  }
}
