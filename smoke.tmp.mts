import sharp from 'sharp'
sharp.cache(false)
const f = 'node_modules/exif/test/sony-alpha-6000.jpg'
for (const c of [1, 2]) {
  sharp.concurrency(c)
  for (let i = 0; i < 2; i++) {
    let t0 = performance.now()
    const { data, info } = await sharp(f, {failOn:'truncated'}).autoOrient().resize(1440,1440,{fit:'inside',withoutEnlargement:true}).toColourspace('srgb').raw({depth:'uchar'}).toBuffer({resolveWithObject:true})
    const tDecode = performance.now() - t0; t0 = performance.now()
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } }
    await sharp(data, raw).webp({quality:80, effort:4}).toBuffer(); const tPrev = performance.now() - t0; t0 = performance.now()
    await sharp(data, raw).webp({quality:80, effort:2}).toBuffer(); const tPrev2 = performance.now() - t0; t0 = performance.now()
    await sharp(data, raw).resize({width:1024,height:256,fit:'inside'}).webp({quality:75}).toBuffer(); const tGrid = performance.now() - t0; t0 = performance.now()
    await sharp(data, raw).jpeg({quality:80, mozjpeg: false}).toBuffer(); const tJpeg = performance.now() - t0
    console.log({c, tDecode, tPrev, tPrev2, tGrid, tJpeg})
  }
}
