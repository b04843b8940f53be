import sharp from 'sharp'
const files = process.argv.slice(3)
const size = 192
const comps = await Promise.all(files.map(async (f, i) => ({ input: await sharp(f).resize(size, size, { fit: 'contain' }).png().toBuffer(), left: (i % 8) * size, top: Math.floor(i / 8) * size })))
await sharp({ create: { width: size * Math.min(8, files.length), height: size * Math.ceil(files.length / 8), channels: 3, background: '#fff' } }).composite(comps).png().toFile(process.argv[2]!)
