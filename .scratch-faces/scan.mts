import { readFileSync } from 'node:fs'
import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
import { loadFaceModels } from '../src/main/ml/faces/models'
import { detectFacesDetailed } from '../src/main/ml/faces/pipeline'
const models = await loadFaceModels(await ensureFaceModelFiles())
const files = readFileSync(process.argv[2]!, 'utf8').trim().split('\n')
const out: any[] = []
for (const f of files) {
  try {
    const r = await detectFacesDetailed(models, f, { minVerifierScore: 0, minDetectorScore: 0.6, minFaceSize: 12 })
    for (const face of r.faces) out.push({ f, box: face.box.map(Math.round), s: +face.score.toFixed(3), v: +face.verifierScore.toFixed(3), q: face.quality })
    for (const rj of r.rejected) out.push({ f, box: rj.box.map(Math.round), s: +rj.score.toFixed(3), v: rj.verifierScore, rej: rj.reason })
  } catch (e) { console.error('ERR', f, (e as Error).message) }
}
console.log(JSON.stringify(out))
