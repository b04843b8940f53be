#!/bin/sh
# Builds the live-photo and motion-photo fixtures once (run from the repository root), with Debian's
# ffmpeg 5.1 and exiftool 12.57 and the Python standard library. Tests read the committed results.
set -e
out=test-data/live
tmp=$(mktemp -d)
id=6E1F6D52-8A5F-4F4B-9C7A-0F4B2C1D3E5F

# The stills: photos from skimage (CC0), 400 px wide JPEGs.
ffmpeg -v error -y -i test-data/skimage/coffee.png -vf scale=400:-2 -q:v 4 "$tmp/coffee.jpg"
ffmpeg -v error -y -i test-data/skimage/chelsea.png -vf scale=400:-2 -q:v 4 "$tmp/chelsea.jpg"
ffmpeg -v error -y -i test-data/skimage/astronaut.png -vf scale=400:-2 -q:v 4 "$tmp/astronaut.jpg"

# Apple live photo: the still carries Apple's MakerNote with the content identifier (tag 0x0011),
# the MOV the same identifier in its QuickTime keys, as an iPhone writes them.
python3 - "$tmp/apple-makernote.bin" "$id" <<'PY'
import struct, sys
cid = sys.argv[2].encode() + b"\0"
# "Apple iOS\0", version 1, "MM", then a big-endian IFD; offsets count from the maker note's start.
ifd = struct.pack(">H", 2)
ifd += struct.pack(">HHI", 0x0001, 9, 1) + struct.pack(">i", 14)
ifd += struct.pack(">HHII", 0x0011, 2, len(cid), 14 + 2 + 2 * 12 + 4)
ifd += struct.pack(">I", 0)
open(sys.argv[1], "wb").write(b"Apple iOS\0\x00\x01MM" + ifd + cid)
PY
cp "$tmp/coffee.jpg" "$out/IMG_0001.JPG"
exiftool -q -overwrite_original -Make=Apple -Model='iPhone 12' -DateTimeOriginal='2023:05:01 10:11:12' \
  -OffsetTimeOriginal=+02:00 "$out/IMG_0001.JPG"
exiftool -q -overwrite_original "-MakerNoteApple<=$tmp/apple-makernote.bin" "$out/IMG_0001.JPG"
ffmpeg -v error -y -i test-data/video/megamind.mp4 -t 1.5 -vf scale=160:-2 -an -c:v libx264 -crf 32 \
  -movflags use_metadata_tags -metadata com.apple.quicktime.content.identifier=$id \
  -metadata com.apple.quicktime.creationdate=2023-05-01T10:11:12+0200 -metadata com.apple.quicktime.make=Apple \
  -f mov "$out/IMG_0001.MOV"

# Google motion photo, first version (MicroVideo): the MP4 appended to the JPEG, its length from the
# end of the file in XMP GCamera:MicroVideoOffset.
ffmpeg -v error -y -i test-data/video/megamind.mp4 -ss 1 -t 1.2 -vf scale=160:-2 -an -c:v libx264 -crf 32 \
  -movflags +faststart "$tmp/motion.mp4"
len=$(stat -c %s "$tmp/motion.mp4")
cp "$tmp/chelsea.jpg" "$tmp/mv.jpg"
exiftool -q -overwrite_original -XMP-GCamera:MicroVideo=1 -XMP-GCamera:MicroVideoVersion=1 \
  -XMP-GCamera:MicroVideoOffset=$len -XMP-GCamera:MicroVideoPresentationTimestampUs=600000 "$tmp/mv.jpg"
cat "$tmp/mv.jpg" "$tmp/motion.mp4" > "$out/MVIMG_20230501_101112.jpg"

# Motion photo version 1 (Pixel, Samsung): GCamera:MotionPhoto and a Container:Directory whose
# MotionPhoto item gives the video's length (exiftool 12.57 cannot write these tags, so the XMP
# packet is written whole).
cat > "$tmp/mp.xmp" <<XMP
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"
  xmlns:Container="http://ns.google.com/photos/1.0/container/" xmlns:Item="http://ns.google.com/photos/1.0/container/item/"
  GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1" GCamera:MotionPhotoPresentationTimestampUs="400000">
<Container:Directory><rdf:Seq>
<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/jpeg" Item:Semantic="Primary" Item:Length="0" Item:Padding="0"/></rdf:li>
<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="video/mp4" Item:Semantic="MotionPhoto" Item:Length="$len"/></rdf:li>
</rdf:Seq></Container:Directory>
</rdf:Description></rdf:RDF></x:xmpmeta>
XMP
cp "$tmp/astronaut.jpg" "$tmp/mp.jpg"
exiftool -q -overwrite_original "-XMP<=$tmp/mp.xmp" "$tmp/mp.jpg"
cat "$tmp/mp.jpg" "$tmp/motion.mp4" > "$out/PXL_20230501_101112.MP.jpg"

(cd "$out" && exiftool -json -n -G1 -a -u IMG_0001.JPG IMG_0001.MOV MVIMG_20230501_101112.jpg PXL_20230501_101112.MP.jpg \
  | sed 's#"SourceFile": "#"SourceFile": "live/#' | grep -v '"System:File\(Access\|Modif\|InodeChange\)Date\|"System:FilePermissions\|"System:Directory' > exiftool.json)
echo "motion.mp4 length: $len"
rm -r "$tmp"
