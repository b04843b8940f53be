// Settings → Stacks: bursts and one shot in several formats as one tile in the timeline, or every
// photo on its own. Saved as soon as it is switched (the timeline regroups at once).
import type { StackSettings } from '../../../shared/duplicates'
import { SettingToggle } from './SettingToggle'

export function StackSection({ saved }: { saved: StackSettings }) {
  return (
    <SettingToggle
      title="Stacks"
      inputTestId="stacks-enabled"
      saved={saved.enabled}
      change={(enabled) => ({ stacks: { enabled } })}
      label="Stack bursts and RAW+JPEG pairs"
    >
      <p className="muted small">
        Shots a camera took less than a second apart, and one shot saved in two formats side by side (RAW or HEIC with its JPEG), show as one
        tile with a count; its count opens the stack in place (or S on the tile). Off: every photo on its own.
      </p>
    </SettingToggle>
  )
}
