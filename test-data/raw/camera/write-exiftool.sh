#!/bin/sh
# Records exiftool's reading of the real camera files (run from the repository root, once; exiftool
# 12.57 from Debian's libimage-exiftool-perl and jq are needed here, not by the tests):
# - exiftool.json: `exiftool -j -G1 -n -a -struct` of every file, SourceFile relative to test-data/.
# - embedded-images.json: every embedded image exiftool extracts (PreviewImage, JpgFromRaw,
#   ThumbnailImage, OtherImage: group-qualified tag, byte count and sha256 of `exiftool -b`), so the
#   tests can check our preview locator finds the same bytes where exiftool reports no Start/Length
#   (CR3 boxes, RAF header, RW2 JpgFromRaw). Bytes 0 means exiftool extracted nothing (cut off).
set -e
cd test-data/raw/camera
files=$(ls | grep -v -e '\.json$' -e '\.sh$')
# shellcheck disable=SC2086
exiftool -j -G1 -n -a -struct $files | sed 's#"SourceFile": "#"SourceFile": "raw/camera/#' > exiftool.json
{
  echo '['
  sep=''
  for file in $files; do
    for tag in $(jq -r --arg f "raw/camera/$file" '.[] | select(.SourceFile == $f) | to_entries[]
        | select(.key | test(":(PreviewImage|JpgFromRaw|ThumbnailImage|OtherImage)$")) | .key' exiftool.json); do
      bytes=$(exiftool -b -m "-$tag" "$file" | wc -c)
      sha=$(exiftool -b -m "-$tag" "$file" | sha256sum | cut -d' ' -f1)
      printf '%s  {"SourceFile": "raw/camera/%s", "tag": "%s", "bytes": %s, "sha256": "%s"}\n' "$sep" "$file" "$tag" "$bytes" "$sha"
      sep=','
    done
  done
  echo ']'
} > embedded-images.json
