/**
 * Where "one place earlier/later" puts the selected photos of an album, as the `before` of
 * albums.reorder: the photo they go in front of (null: the end), or undefined when they cannot
 * move further. The selection moves as one block, keeping its order, past one unselected photo
 * (a scattered selection gathers at its first photo's place).
 */
export function placeBefore(order: readonly number[], selected: ReadonlySet<number>, direction: -1 | 1): number | null | undefined {
  const first = order.findIndex((id) => selected.has(id))
  if (first < 0) return undefined
  const rest = order.filter((id) => !selected.has(id))
  // Unselected photos in front of the first selected one: where the block starts among the rest.
  const ahead = order.slice(0, first).filter((id) => !selected.has(id)).length
  const at = ahead + direction
  if (at < 0 || at > rest.length) return undefined
  return rest[at] ?? null
}
