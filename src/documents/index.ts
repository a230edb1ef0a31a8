export {
  formatIssuedAt,
  WatermarkError,
  type WatermarkFailure,
  type WatermarkStamp,
  watermarkPdf,
} from './watermark.js';
export { createWatermarker, type Watermarker, type WatermarkerOptions } from './watermarker.js';
