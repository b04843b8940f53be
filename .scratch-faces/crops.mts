import sharp from 'sharp'
// args: out, then file:x,y,w,h ...
const items = process.argv.slice(3).map(a => { const [f, b] = a.split(':'); return { f: f!, b: b!.split(',').map(Number) } })
const size = 160
const comps = await Promise.all(items.map(async (it, i) => {
  const [x, y, w, h] = it.b as [number, number, number, number]
  const m = await sharp(it.f).metadata()
  const s = Math.max(w, h) * 1.3
  const left = Math.max(0, Math.round(x + w / 2 - s / 2)), top = Math.max(0, Math.round(y + h / 2 - s / 2))
  return { input: await sharp(it.f).extract({ left, top, width: Math.min(m.width! - left, Math.round(s)), height: Math.min(m.height! - top, Math.round(s)) }).resize(size, size).png().toBuffer(), left: i * size, top: 0 }
}))
await sharp({ create: { width: size * items.length, height: size, channels: 3, background: '#fff' } }).composite(comps).png().toFile(process.argv[2]!)
