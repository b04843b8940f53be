export { createExportService, ExportCancelledError, ExportInputError, ExportNotFoundError, toJpeg, type ExportService, type ExportSourceResolver } from './export.service'
