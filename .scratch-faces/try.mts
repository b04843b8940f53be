import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
import { loadFaceModels } from '../src/main/ml/faces/models'
import { detectFacesDetailed } from '../src/main/ml/faces/pipeline'
const models = await loadFaceModels(await ensureFaceModelFiles())
for (const f of process.argv.slice(2)) {
  const t = performance.now()
  const r = await detectFacesDetailed(models, f, { minVerifierScore: 0 , minDetectorScore: 0.5})
  console.log(f.split('/').pop(), r.width, r.height, (performance.now() - t).toFixed(0) + 'ms')
  for (const face of r.faces) console.log('  FACE', face.box.map(Math.round), face.score.toFixed(3), 'v', face.verifierScore.toFixed(3), JSON.stringify(face.quality, (k, v) => typeof v === 'number' ? +v.toFixed(1) : v))
  for (const rj of r.rejected) console.log('  REJ', rj.reason, rj.box.map(Math.round), rj.score.toFixed(3), rj.verifierScore?.toFixed(3) ?? '', rj.geometry ? JSON.stringify(rj.geometry, (k, v) => typeof v === 'number' ? +v.toFixed(2) : v) : '')
}
