#!/bin/sh
# Builds the Samsung-layout motion photo fixtures once (run from the repository root), with Debian's
# ffmpeg 5.1, exiftool 12.57 and the Python standard library. Tests read the committed results and
# exiftool-samsung.json (exiftool's reading of them), so neither tool is needed to run them.
set -e
out=test-data/live
tmp=$(mktemp -d)

# The clip both carry: 1.2 s of megamind.mp4, 160 px, H.264, as make-live.sh makes it.
ffmpeg -v error -y -i test-data/video/megamind.mp4 -ss 1 -t 1.2 -vf scale=160:-2 -an -c:v libx264 -crf 32 \
  -movflags +faststart "$tmp/motion.mp4"

# 1. An older Galaxy motion photo (S7–S9, before Google's XMP): JPEG, then Samsung's blocks, then the
#    SEF directory naming them and "SEFT". Blocks: MotionPhoto_Data (type 0x0a30, the MP4) and
#    Image_UTC_Data (type 0x0a01, the capture time in ms as text), as the phone appends them.
ffmpeg -v error -y -i test-data/skimage/motorcycle_left.png -vf scale=400:-2 -q:v 4 "$tmp/sef.jpg"
exiftool -q -overwrite_original -Make=samsung -Model=SM-G950F -DateTimeOriginal='2023:05:01 10:11:13' "$tmp/sef.jpg"
python3 - "$tmp/sef.jpg" "$tmp/motion.mp4" "$out/20230501_101113.jpg" <<'PY'
import struct, sys
jpeg, mp4, target = sys.argv[1:4]
def block(kind, name, data):
    # u16 0, u16 type, u32 name length, name, data (little-endian, as Samsung writes it)
    return struct.pack("<HHI", 0, kind, len(name)) + name + data
blocks = [
    (0x0A30, block(0x0A30, b"MotionPhoto_Data", open(mp4, "rb").read())),
    (0x0A01, block(0x0A01, b"Image_UTC_Data", b"1682928673000")),
]
body = b"".join(b for _, b in blocks)
# Directory entries: type, distance back from "SEFH" to the block's start, block size.
entries, at = b"", 0
for kind, b in blocks:
    entries += struct.pack("<HHII", 0, kind, len(body) - at, len(b))
    at += len(b)
directory = b"SEFH" + struct.pack("<II", 106, len(blocks)) + entries
with open(target, "wb") as f:
    f.write(open(jpeg, "rb").read() + body + directory + struct.pack("<I", len(directory)) + b"SEFT")
PY

# 2. A HEIC motion photo (Samsung S21 on, Google): MotionPhoto XMP in the HEIF file (the packet written
#    whole with exiftool, which cannot write these tags one by one), then a top-level 'mpvd' box whose
#    payload is the MP4. The directory's MotionPhoto item has the MP4's length.
len=$(stat -c %s "$tmp/motion.mp4")
cat > "$tmp/mp.xmp" <<XMP
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"
  xmlns:Container="http://ns.google.com/photos/1.0/container/" xmlns:Item="http://ns.google.com/photos/1.0/container/item/"
  GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1" GCamera:MotionPhotoPresentationTimestampUs="500000">
<Container:Directory><rdf:Seq>
<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/heic" Item:Semantic="Primary" Item:Length="0" Item:Padding="8"/></rdf:li>
<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="video/mp4" Item:Semantic="MotionPhoto" Item:Length="$len"/></rdf:li>
</rdf:Seq></Container:Directory>
</rdf:Description></rdf:RDF></x:xmpmeta>
XMP
cp test-data/heic/fruits.heic "$tmp/mp.heic"
exiftool -q -overwrite_original "-XMP<=$tmp/mp.xmp" -Make=samsung -Model=SM-G991B "$tmp/mp.heic"
python3 - "$tmp/mp.heic" "$tmp/motion.mp4" "$out/20230501_101115.heic" <<'PY'
import struct, sys
heic, mp4, target = sys.argv[1:4]
video = open(mp4, "rb").read()
with open(target, "wb") as f:
    f.write(open(heic, "rb").read() + struct.pack(">I", 8 + len(video)) + b"mpvd" + video)
PY

(cd "$out" && exiftool -json -n -G1 -a -u 20230501_101113.jpg 20230501_101115.heic \
  | sed 's#"SourceFile": "#"SourceFile": "live/#' | grep -v '"System:File\(Access\|Modif\|InodeChange\)Date\|"System:FilePermissions\|"System:Directory' > exiftool-samsung.json)
echo "motion.mp4 length: $len"
rm -r "$tmp"
