export { createAssetService, type AssetService } from './asset.service'
export { wallClockMs, mtimeWallClockMs } from './capture-time'
