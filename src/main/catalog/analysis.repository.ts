import type { AssetOcrLine } from '../../shared/domain'
import { statementCache, type Db } from './connection'
import { blobToVector, vectorToBlob } from './vector-blob'

export type AnalysisStage = 'tags' | 'ocr' | 'clip' | 'faces'

/** A classifier tag as the tags stage stores it. */
export interface ClassifierTagRow {
  label: string
  score: number
  kind: 'label' | 'hypernym'
  /** Only from classes the classifier sees in a person (clothes, make-up): not kept on a portrait. */
  personMisread?: boolean
}

/** What the AI stages found: tags, vectors, text lines, and which stage ran with which model. */
export function createAnalysisRepository(db: Db) {
  const sql = statementCache(db)
  const now = () => new Date().toISOString()

  function markStage(assetId: number, stage: AnalysisStage, modelId: string, device: string | null): void {
    sql(
      `INSERT INTO asset_analysis (asset_id, stage, model_id, device, done_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (asset_id, stage) DO UPDATE SET model_id = excluded.model_id, device = excluded.device, done_at = excluded.done_at`,
    ).run(assetId, stage, modelId, device, now())
  }

  return {
    markStage,

    stageOf(assetId: number, stage: AnalysisStage): { modelId: string; device: string | null } | undefined {
      return sql(`SELECT model_id AS modelId, device FROM asset_analysis WHERE asset_id = ? AND stage = ?`).get(assetId, stage) as
        | { modelId: string; device: string | null }
        | undefined
    },

    /** The execution provider a model ran on last (for the Models screen). */
    lastDevice(modelId: string): string | null {
      return (sql(`SELECT device FROM asset_analysis WHERE model_id = ? ORDER BY done_at DESC LIMIT 1`).get(modelId) as { device: string | null } | undefined)?.device ?? null
    },

    /** Ready assets the stage has not run on with this model (after an install or a model switch). */
    assetsMissingStage(stage: AnalysisStage, modelId: string): number[] {
      return (
        sql(
          `SELECT a.id FROM assets a WHERE a.state = 'ready' AND a.missing_since IS NULL AND NOT EXISTS (
             SELECT 1 FROM asset_analysis s WHERE s.asset_id = a.id AND s.stage = ? AND s.model_id = ?)`,
        ).all(stage, modelId) as { id: number }[]
      ).map((r) => r.id)
    },

    /**
     * The classifier's tags and vector of one asset, replacing its earlier ones (the faces stage's
     * tags stay), in one transaction. Tags only from person-misread classes are not kept when the
     * faces stage found a portrait.
     */
    saveTags(
      assetId: number,
      result: { tags: ClassifierTagRow[]; modelId: string; modelVersion: string; device: string; features: Float32Array },
    ): void {
      db.transaction(() => {
        sql(`DELETE FROM asset_tags WHERE asset_id = ? AND kind IN ('label', 'hypernym')`).run(assetId)
        const portrait = sql(`SELECT 1 FROM asset_tags WHERE asset_id = ? AND kind = 'face' AND label = 'portrait'`).get(assetId) !== undefined
        const insert = sql(`INSERT OR REPLACE INTO asset_tags (asset_id, label, score, kind, model_id, person_misread) VALUES (?, ?, ?, ?, ?, ?)`)
        for (const t of result.tags) {
          if (portrait && t.personMisread) continue
          insert.run(assetId, t.label, t.score, t.kind, result.modelId, t.personMisread ? 1 : 0)
        }
        sql(
          `INSERT OR REPLACE INTO embeddings (asset_id, model_id, model_version, dim, device, vector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(assetId, result.modelId, result.modelVersion, result.features.length, result.device, vectorToBlob(result.features), now())
        markStage(assetId, 'tags', result.modelId, result.device)
      })()
    },

    /**
     * The faces stage's tags of one asset ('person', 'portrait', ...), replacing its earlier ones. On
     * a portrait the classifier's person-misread tags go (a selfie is not a "Band-Aid"); they come
     * back only when the tags stage runs again on a photo that is no portrait.
     */
    saveFaceTags(assetId: number, tags: readonly { label: string; score: number }[], modelId: string): void {
      db.transaction(() => {
        sql(`DELETE FROM asset_tags WHERE asset_id = ? AND kind = 'face'`).run(assetId)
        const insert = sql(`INSERT OR REPLACE INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, ?, ?, 'face', ?)`)
        for (const t of tags) insert.run(assetId, t.label, t.score, modelId)
        if (tags.some((t) => t.label === 'portrait')) sql(`DELETE FROM asset_tags WHERE asset_id = ? AND person_misread = 1`).run(assetId)
      })()
    },

    saveEmbedding(assetId: number, e: { modelId: string; modelVersion: string; device: string; vector: Float32Array; stage: AnalysisStage }): void {
      db.transaction(() => {
        sql(
          `INSERT OR REPLACE INTO embeddings (asset_id, model_id, model_version, dim, device, vector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(assetId, e.modelId, e.modelVersion, e.vector.length, e.device, vectorToBlob(e.vector), now())
        // The stage is done for this model *version*: a new version of the same model re-embeds.
        markStage(assetId, e.stage, `${e.modelId}@${e.modelVersion}`, e.device)
      })()
    },

    embeddingOf(assetId: number, modelId: string): Float32Array | undefined {
      const r = sql(`SELECT vector FROM embeddings WHERE asset_id = ? AND model_id = ?`).get(assetId, modelId) as { vector: Buffer } | undefined
      return r && blobToVector(r.vector)
    },

    /**
     * Every vector of a model, for rebuilding its index: read in keyset pages, so no statement stays
     * open between yields (the consumer may await, and the connection serves others meanwhile).
     */
    *embeddings(modelId: string, pageSize = 1000): Generator<{ id: number; vector: Float32Array }> {
      let after = 0
      for (;;) {
        const rows = sql(`SELECT asset_id AS id, vector FROM embeddings WHERE model_id = ? AND asset_id > ? ORDER BY asset_id LIMIT ?`).all(
          modelId,
          after,
          pageSize,
        ) as { id: number; vector: Buffer }[]
        for (const r of rows) yield { id: r.id, vector: blobToVector(r.vector) }
        if (rows.length < pageSize) return
        after = rows[rows.length - 1]!.id
      }
    },

    /** Which of these assets have a vector of this model version (a re-embed may be under way). */
    withEmbeddingVersion(assetIds: number[], modelId: string, version: string): Set<number> {
      if (assetIds.length === 0) return new Set()
      const rows = sql(
        `SELECT asset_id AS id FROM embeddings WHERE model_id = ? AND model_version = ? AND asset_id IN (${assetIds.map(() => '?').join(',')})`,
      ).all(modelId, version, ...assetIds) as { id: number }[]
      return new Set(rows.map((r) => r.id))
    },

    embeddingDimensions(modelId: string): number | undefined {
      return (sql(`SELECT dim FROM embeddings WHERE model_id = ? LIMIT 1`).get(modelId) as { dim: number } | undefined)?.dim
    },

    embeddingCount(modelId: string): number {
      return (sql(`SELECT count(*) AS n FROM embeddings WHERE model_id = ?`).get(modelId) as { n: number }).n
    },

    saveOcr(assetId: number, result: { modelId: string; device: string; lines: AssetOcrLine[] }): void {
      db.transaction(() => {
        sql(`DELETE FROM asset_ocr WHERE asset_id = ?`).run(assetId)
        const insert = sql(`INSERT INTO asset_ocr (asset_id, line_no, text, confidence, x, y, w, h, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        result.lines.forEach((l, i) => insert.run(assetId, i, l.text, l.confidence, l.box[0], l.box[1], l.box[2], l.box[3], l.atMs ?? null))
        markStage(assetId, 'ocr', result.modelId, result.device)
      })()
    },

    ocrOf(assetId: number): AssetOcrLine[] {
      return (
        sql(`SELECT text, confidence, x, y, w, h, at_ms AS atMs FROM asset_ocr WHERE asset_id = ? ORDER BY line_no`).all(assetId) as {
          text: string
          confidence: number
          x: number
          y: number
          w: number
          h: number
          atMs: number | null
        }[]
      ).map((r) => ({ text: r.text, confidence: r.confidence, box: [r.x, r.y, r.w, r.h], ...(r.atMs !== null ? { atMs: r.atMs } : {}) }))
    },
  }
}

export type AnalysisRepository = ReturnType<typeof createAnalysisRepository>
