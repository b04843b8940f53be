import sharp from 'sharp'
const [out, ...files] = process.argv.slice(2)
const bufs = await Promise.all(files.map(f => sharp(f).resize({ width: 1200 }).png().toBuffer({ resolveWithObject: true })))
let top = 0; const comps = []
for (const b of bufs) { comps.push({ input: b.data, left: 0, top }); top += b.info.height }
await sharp({ create: { width: 1200, height: top, channels: 3, background: '#fff' } }).composite(comps).png().toFile(out!)
