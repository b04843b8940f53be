import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))
// Found by name: parallel branches renumber migrations when they collide.
const videos = migrations.find((m) => m.name.endsWith('videos'))!

describe('migration videos', () => {
  it('makes every existing asset a photo, stores video facts, keyframes and their results, and a still\'s motion part', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.filter((m) => m.version < videos.version))
    const now = new Date().toISOString()
    const insert = db.prepare(`INSERT INTO assets (sha256, state, created_at, updated_at) VALUES (?, 'ready', ?, ?)`)
    const photo = Number(insert.run('a'.repeat(64), now, now).lastInsertRowid)
    migrate(db, migrations.filter((m) => m.version <= videos.version))
    expect(db.pragma('user_version', { simple: true })).toBe(videos.version)
    expect(db.prepare('SELECT media_type, duration_ms FROM assets WHERE id = ?').get(photo)).toEqual({ media_type: 'photo', duration_ms: null })
    expect(() => db.prepare(`UPDATE assets SET media_type = 'audio' WHERE id = ?`).run(photo)).toThrow(/CHECK/)

    const video = Number(
      db.prepare(`INSERT INTO assets (sha256, state, media_type, duration_ms, video_codec, frame_rate, rotation, created_at, updated_at)
                  VALUES (?, 'ready', 'video', 5000, 'h264', 25, 90, ?, ?)`).run('b'.repeat(64), now, now).lastInsertRowid,
    )
    db.prepare('INSERT INTO video_keyframes (asset_id, at_ms, scene_score, width, height) VALUES (?, 1200, 0.5, 160, 90)').run(video)
    db.prepare(`INSERT INTO keyframe_tags VALUES (?, 1200, 'dog', 0.8)`).run(video)
    db.prepare(`INSERT INTO keyframe_embeddings VALUES (?, 1200, 'm', '1', 4, ?)`).run(video, Buffer.alloc(16))
    // A frame result needs its frame.
    expect(() => db.prepare(`INSERT INTO keyframe_tags VALUES (?, 9999, 'cat', 0.8)`).run(video)).toThrow(/FOREIGN KEY/)
    db.prepare('DELETE FROM video_keyframes WHERE asset_id = ? AND at_ms = 1200').run(video)
    expect(db.prepare('SELECT count(*) AS n FROM keyframe_tags').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM keyframe_embeddings').get()).toEqual({ n: 0 })

    db.prepare(`INSERT INTO asset_motion (asset_id, kind, path, byte_offset, byte_length, updated_at) VALUES (?, 'motion-photo', '/p/x.jpg', 1000, 2000, ?)`).run(photo, now)
    expect(() => db.prepare(`INSERT INTO asset_motion (asset_id, kind, path, updated_at) VALUES (?, 'gif', '/p/y', ?)`).run(video, now)).toThrow(/CHECK/)
    db.prepare('INSERT INTO video_keyframes (asset_id, at_ms, width, height) VALUES (?, 0, 160, 90)').run(video)
    db.prepare('DELETE FROM assets').run()
    expect(db.prepare('SELECT count(*) AS n FROM asset_motion').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM video_keyframes').get()).toEqual({ n: 0 })
  })
})
