const t0 = performance.now()
const cvModule = require('/tmp/ocrsrc/cvjs/package/dist/opencv.js')
const ready = (async () => {
  let cv = cvModule
  if (cv instanceof Promise) cv = await cv
  else if (!cv.Mat) await new Promise((r) => (cv.onRuntimeInitialized = r))
  return cv
})()
ready.then((cv) => {
  console.log('init ms', performance.now() - t0, typeof cv.findContours, typeof cv.minAreaRect, typeof cv.warpPerspective)
  const m = cv.Mat.zeros(20, 20, cv.CV_8UC1)
  for (let y = 5; y < 10; y++) for (let x = 3; x < 15; x++) m.ucharPtr(y, x)[0] = 255
  const cs = new cv.MatVector(), h = new cv.Mat()
  cv.findContours(m, cs, h, cv.RETR_LIST, cv.CHAIN_APPROX_SIMPLE)
  console.log(cs.size(), JSON.stringify(cv.minAreaRect(cs.get(0))))
  console.log(process.memoryUsage().rss/1e6)
})
