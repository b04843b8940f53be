import { groupMoments } from './group-moments'
import { statementCache, type Db } from './connection'
import { blobToVector, vectorToBlob } from './vector-blob'

export interface VideoFacts {
  durationMs: number
  videoCodec: string
  audioCodec: string | null
  frameRate: number | null
  rotation: number
}

export interface StoredVideo extends Partial<VideoFacts> {
  assetId: number
  posterMs: number | null
}

export interface StoredKeyframe {
  atMs: number
  sceneScore: number | null
  width: number
  height: number
}

const now = () => new Date().toISOString()

/** Videos: their container facts, poster second, keyframes and what the AI stages found in each. */
export function createVideosRepository(db: Db) {
  const sql = statementCache(db)
  return {
    /** The asset is a video (known from its path before ffprobe ran, or without ffmpeg). */
    markVideo(assetId: number): void {
      sql(`UPDATE assets SET media_type = 'video', updated_at = ? WHERE id = ?`).run(now(), assetId)
    },

    /**
     * Listed without a thumbnail (no ffmpeg): 'ready' so the timeline shows it, with has_thumb 0 so
     * the grid draws a placeholder instead of asking for a thumbnail that does not exist.
     */
    markListed(assetId: number): void {
      sql(`UPDATE assets SET state = 'ready', has_thumb = 0, error_code = NULL, error = NULL, updated_at = ? WHERE id = ?`).run(now(), assetId)
    },

    setFacts(assetId: number, f: VideoFacts): void {
      sql(
        `UPDATE assets SET media_type = 'video', duration_ms = @durationMs, video_codec = @videoCodec, audio_codec = @audioCodec,
           frame_rate = @frameRate, rotation = @rotation, updated_at = @now WHERE id = @assetId`,
      ).run({ ...f, assetId, now: now() })
    },

    setPoster(assetId: number, posterMs: number): void {
      sql(`UPDATE assets SET poster_ms = ? WHERE id = ?`).run(posterMs, assetId)
    },

    isVideo(assetId: number): boolean {
      return sql(`SELECT 1 FROM assets WHERE id = ? AND media_type = 'video'`).get(assetId) !== undefined
    },

    get(assetId: number): StoredVideo | null {
      const row = sql(
        `SELECT id AS assetId, duration_ms AS durationMs, video_codec AS videoCodec, audio_codec AS audioCodec,
           frame_rate AS frameRate, rotation, poster_ms AS posterMs FROM assets WHERE id = ? AND media_type = 'video'`,
      ).get(assetId) as (StoredVideo & { durationMs: number | null; videoCodec: string | null }) | undefined
      if (!row) return null
      const { durationMs, videoCodec, audioCodec, frameRate, rotation, ...rest } = row
      return durationMs === null || videoCodec === null
        ? rest
        : { ...rest, durationMs, videoCodec, audioCodec: audioCodec ?? null, frameRate: frameRate ?? null, rotation: rotation ?? 0 }
    },

    /** Videos listed without their facts (imported while ffmpeg was missing): analysed once it is there. */
    withoutFacts(): number[] {
      return (
        sql(`SELECT id FROM assets WHERE media_type = 'video' AND duration_ms IS NULL AND state <> 'error' AND missing_since IS NULL`).all() as { id: number }[]
      ).map((r) => r.id)
    },

    /** Type and duration of assets, for listings that are not summaries (the CLI). */
    typesOf(assetIds: readonly number[]): Map<number, { type: 'photo' | 'video'; durationMs: number | null }> {
      const rows = sql(
        `SELECT id, media_type AS type, duration_ms AS durationMs FROM assets WHERE id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(assetIds)) as { id: number; type: 'photo' | 'video'; durationMs: number | null }[]
      return new Map(rows.map((r) => [r.id, { type: r.type, durationMs: r.durationMs }]))
    },

    /** Replaces a video's keyframes (and so what was found in the old ones). */
    replaceKeyframes(assetId: number, frames: readonly StoredKeyframe[]): void {
      db.transaction(() => {
        sql(`DELETE FROM video_keyframes WHERE asset_id = ?`).run(assetId)
        const insert = sql(`INSERT INTO video_keyframes (asset_id, at_ms, scene_score, width, height) VALUES (?, ?, ?, ?, ?)`)
        for (const f of frames) insert.run(assetId, f.atMs, f.sceneScore, f.width, f.height)
      })()
    },

    keyframesOf(assetId: number): StoredKeyframe[] {
      return sql(
        `SELECT at_ms AS atMs, scene_score AS sceneScore, width, height FROM video_keyframes WHERE asset_id = ? ORDER BY at_ms`,
      ).all(assetId) as StoredKeyframe[]
    },

    /**
     * A keyframe's classifier tags and feature vector. Its tags also join the video's own
     * (asset_tags, best score over its frames), so every tag search and filter finds the video.
     */
    saveKeyframeAnalysis(
      assetId: number,
      atMs: number,
      result: { tags: readonly { label: string; score: number; kind: 'label' | 'hypernym' }[]; modelId: string; modelVersion: string; features: Float32Array },
    ): void {
      db.transaction(() => {
        sql(`DELETE FROM keyframe_tags WHERE asset_id = ? AND at_ms = ?`).run(assetId, atMs)
        const frameTag = sql(`INSERT OR REPLACE INTO keyframe_tags (asset_id, at_ms, label, score) VALUES (?, ?, ?, ?)`)
        const videoTag = sql(
          `INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (asset_id, kind, label) DO UPDATE SET score = max(score, excluded.score)`,
        )
        for (const t of result.tags) {
          frameTag.run(assetId, atMs, t.label, t.score)
          videoTag.run(assetId, t.label, t.score, t.kind, result.modelId)
        }
        sql(
          `INSERT OR REPLACE INTO keyframe_embeddings (asset_id, at_ms, model_id, model_version, dim, vector) VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(assetId, atMs, result.modelId, result.modelVersion, result.features.length, vectorToBlob(result.features))
      })()
    },

    saveKeyframeEmbedding(assetId: number, atMs: number, modelId: string, modelVersion: string, vector: Float32Array): void {
      sql(
        `INSERT OR REPLACE INTO keyframe_embeddings (asset_id, at_ms, model_id, model_version, dim, vector) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(assetId, atMs, modelId, modelVersion, vector.length, vectorToBlob(vector))
    },

    /**
     * For each video among `assetIds`, the seconds of its frames that show one of `labels`, the
     * frame that shows it best first.
     */
    tagFrames(assetIds: readonly number[], labels: readonly string[]): Map<number, number[]> {
      if (assetIds.length === 0 || labels.length === 0) return new Map()
      const rows = sql(
        `SELECT asset_id AS assetId, at_ms AS atMs, max(score) AS score FROM keyframe_tags
         WHERE asset_id IN (SELECT value FROM json_each(?)) AND lower(label) IN (SELECT lower(value) FROM json_each(?))
         GROUP BY asset_id, at_ms ORDER BY asset_id, score DESC, at_ms`,
      ).all(JSON.stringify(assetIds), JSON.stringify(labels)) as { assetId: number; atMs: number }[]
      return groupMoments(rows)
    },

    /** Every keyframe vector of a model version (text-to-image search over what videos show). */
    allKeyframeVectors(modelId: string, modelVersion: string): { assetId: number; atMs: number; vector: Float32Array }[] {
      return (
        sql(
          `SELECT k.asset_id AS assetId, k.at_ms AS atMs, k.vector FROM keyframe_embeddings k JOIN assets a ON a.id = k.asset_id
           WHERE k.model_id = ? AND k.model_version = ? AND a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL`,
        ).all(modelId, modelVersion) as { assetId: number; atMs: number; vector: Buffer }[]
      ).map((r) => ({ assetId: r.assetId, atMs: r.atMs, vector: blobToVector(r.vector) }))
    },

    /** For each video among `assetIds`, the seconds of the keyframes whose text (OCR) has one of `words`, earliest first. */
    textFrames(assetIds: readonly number[], words: readonly string[]): Map<number, number[]> {
      if (assetIds.length === 0 || words.length === 0) return new Map()
      const rows = sql(
        `SELECT DISTINCT asset_id AS assetId, at_ms AS atMs FROM asset_ocr
         WHERE at_ms IS NOT NULL AND asset_id IN (SELECT value FROM json_each(?))
           AND EXISTS (SELECT 1 FROM json_each(?) w WHERE instr(lower(text), lower(w.value)) > 0)
         ORDER BY asset_id, at_ms`,
      ).all(JSON.stringify(assetIds), JSON.stringify(words)) as { assetId: number; atMs: number }[]
      return groupMoments(rows)
    },

    /** The keyframe vectors of a model for the given videos. */
    keyframeVectors(assetIds: readonly number[], modelId: string): { assetId: number; atMs: number; vector: Float32Array }[] {
      if (assetIds.length === 0) return []
      return (
        sql(
          `SELECT asset_id AS assetId, at_ms AS atMs, vector FROM keyframe_embeddings
           WHERE model_id = ? AND asset_id IN (SELECT value FROM json_each(?))`,
        ).all(modelId, JSON.stringify(assetIds)) as { assetId: number; atMs: number; vector: Buffer }[]
      ).map((r) => ({ assetId: r.assetId, atMs: r.atMs, vector: blobToVector(r.vector) }))
    },

    /** Videos with keyframes that a model has not read (installed or switched since): their keyframes stage runs again. */
    keyframesMissingModel(modelId: string, modelVersion: string): number[] {
      return (
        sql(
          `SELECT DISTINCT k.asset_id AS id FROM video_keyframes k JOIN assets a ON a.id = k.asset_id
           WHERE a.state = 'ready' AND a.missing_since IS NULL
             AND NOT EXISTS (SELECT 1 FROM keyframe_embeddings e WHERE e.asset_id = k.asset_id AND e.at_ms = k.at_ms AND e.model_id = ? AND e.model_version = ?)`,
        ).all(modelId, modelVersion) as { id: number }[]
      ).map((r) => r.id)
    },

    /** Poster seconds of the videos among `assetIds` (where a hit with no better frame opens). */
    postersOf(assetIds: readonly number[]): Map<number, number> {
      const rows = sql(
        `SELECT id, coalesce(poster_ms, 0) AS posterMs FROM assets WHERE media_type = 'video' AND id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(assetIds)) as { id: number; posterMs: number }[]
      return new Map(rows.map((r) => [r.id, r.posterMs]))
    },
  }
}

export type VideosRepository = ReturnType<typeof createVideosRepository>
