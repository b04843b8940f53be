import { readFileSync, writeFileSync } from 'node:fs'
import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
import { loadFaceModels } from '../src/main/ml/faces/models'
import { detectFacesDetailed } from '../src/main/ml/faces/pipeline'
const models = await loadFaceModels(await ensureFaceModelFiles())
const files = [...new Set(JSON.parse(readFileSync('.scratch-faces/scan.json', 'utf8')).map((x: any) => x.f))] as string[]
const out: any[] = []
for (const f of files) {
  const r = await detectFacesDetailed(models, f)
  for (const face of r.faces) out.push({ f: f.split('/').pop(), box: face.box.map(Math.round), v: +face.verifierScore.toFixed(2), q: face.quality, e: Array.from(face.embedding).map(x => +x.toFixed(5)) })
}
writeFileSync('.scratch-faces/emb.json', JSON.stringify(out))
console.log(out.length)
