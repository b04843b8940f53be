import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
console.time('ensure'); console.log(await ensureFaceModelFiles()); console.timeEnd('ensure')
console.time('ensure2'); await ensureFaceModelFiles(); console.timeEnd('ensure2')
