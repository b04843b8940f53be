import sharp from 'sharp'
import { readFileSync } from 'node:fs'
const d = JSON.parse(readFileSync('.scratch-faces/scan.json', 'utf8'))
const size = 160, cols = 8, per = 48
for (let s = 0; s * per < d.length; s++) {
  const items = d.slice(s * per, (s + 1) * per)
  const comps: sharp.OverlayOptions[] = []
  for (const [j, it] of items.entries()) {
    const i = s * per + j
    const [x, y, w, h] = it.box
    const side = Math.max(w, h) * 1.4
    const meta = await sharp(it.f).rotate().metadata()
    const W = meta.autoOrient?.width ?? meta.width!, H = meta.autoOrient?.height ?? meta.height!
    const left = Math.max(0, Math.round(x + w / 2 - side / 2)), top = Math.max(0, Math.round(y + h / 2 - side / 2))
    const ew = Math.min(W - left, Math.round(side)), eh = Math.min(H - top, Math.round(side))
    const buf = await sharp(it.f).rotate().extract({ left, top, width: Math.max(1, ew), height: Math.max(1, eh) }).resize(size, size - 20, { fit: 'contain', background: '#888' }).removeAlpha().png().toBuffer()
    const label = `${i} s${it.s.toFixed(2)} v${(it.v ?? -1).toFixed(2)}${it.rej ? ' ' + it.rej[0] : ''}`
    const svg = Buffer.from(`<svg width="${size}" height="20"><rect width="${size}" height="20" fill="white"/><text x="2" y="15" font-size="14" font-family="sans-serif">${label}</text></svg>`)
    comps.push({ input: buf, left: (j % cols) * size, top: Math.floor(j / cols) * size + 20 })
    comps.push({ input: svg, left: (j % cols) * size, top: Math.floor(j / cols) * size })
  }
  await sharp({ create: { width: size * cols, height: size * Math.ceil(items.length / cols), channels: 3, background: '#fff' } }).composite(comps).png().toFile(`.scratch-faces/cands${s}.png`)
}
