#!/bin/sh
# Verify a portalbots appeal packet with standard tools only: sha256sum, openssl
# (pkeyutl -verify -rawin, OpenSSL 3) and jq. No portalbots, no database.
#
#   verify-packet.sh PACKET_DIR PUBLIC_KEY_FILE
#
# PACKET_DIR: the packet directory (packet.json, packet.sig, originals/), an unzipped
#   FILE.packet.zip, or the attachments of a lone PDF (`pdfdetach -saveall FILE.pdf`
#   in an empty directory: the originals then sit next to packet.json).
# PUBLIC_KEY_FILE: the sender's published key as PEM (`portalbots evidence public-key`
#   prints it; comment lines before the PEM block are fine).
# Exit 0 and "OK" when every check passes; otherwise "FAILED: <reason>" and exit 1.
# The procedure is described step by step in docs/VERIFYING.md.
set -eu

fail() { echo "FAILED: $*"; exit 1; }
[ $# -eq 2 ] || { echo "usage: $0 PACKET_DIR PUBLIC_KEY_FILE" >&2; exit 2; }
dir=$1
pubin=$2
[ -f "$dir/packet.json" ] || fail "$dir/packet.json not found"
[ -f "$dir/packet.sig" ] || fail "$dir/packet.sig not found: packet.json is not signed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
J="$dir/packet.json"

# 0. The trust anchor: the published key, as a PEM file openssl reads, and as base64 raw bytes.
sed -n '/-----BEGIN PUBLIC KEY-----/,/-----END PUBLIC KEY-----/p' "$pubin" >"$tmp/pub.pem"
[ -s "$tmp/pub.pem" ] || fail "$pubin holds no PEM public key"
trusted=$(openssl pkey -pubin -in "$tmp/pub.pem" -outform DER 2>/dev/null | tail -c 32 | openssl base64 -A) ||
  fail "$pubin is not a readable public key"

# 1. packet.json, byte for byte, is signed by the trusted key (this covers the claim summary,
#    amounts, deadlines, denial codes, manifests, chain slice and checkpoint the PDF shows).
[ "$(jq -r .packetVersion "$J")" = 2 ] || fail "packet.json is not a version 2 packet"
[ "$(jq -r .signer.publicKey "$J")" = "$trusted" ] || fail "packet.json is signed by key $(jq -r .signer.keyId "$J"), not the trusted key"
openssl pkeyutl -verify -pubin -inkey "$tmp/pub.pem" -rawin -in "$J" -sigfile "$dir/packet.sig" >/dev/null 2>&1 ||
  fail "packet.sig does not verify: packet.json was edited or signed by another key"

# 2. Every original and enclosed document matches its SHA-256 (originals/NAME, or NAME next to packet.json).
jq -r '(.captures[].files[], (.documents // [])[]) | "\(.sha256) \(.path)"' "$J" >"$tmp/files"
while read -r sha rel; do
  f="$dir/$rel"
  [ -f "$f" ] || f="$dir/${rel#originals/}"
  [ -f "$f" ] || fail "$rel is missing"
  [ "$(sha256sum <"$f" | cut -d' ' -f1)" = "$sha" ] || fail "$rel does not match its SHA-256: bytes were changed"
done <"$tmp/files"

# 3. Each capture's ledger entry commits to exactly those files: bodyHash = sha256(canonical JSON of body).
jq -r '.captures[] | .ledgerSeq as $s | .files[] | "\($s) \(.sha256)"' "$J" >"$tmp/commits"
while read -r seq sha; do
  jq -e --argjson s "$seq" --arg h "$sha" '.ledgerSlice[] | select(.seq == $s) | .body.files | any(.sha256 == $h)' "$J" >/dev/null ||
    fail "ledger entry $seq does not commit to file $sha"
done <"$tmp/commits"
jq -r '.ledgerSlice[] | select(.body) | .seq' "$J" >"$tmp/bodies"
while read -r seq; do
  want=$(jq -r --argjson s "$seq" '.ledgerSlice[] | select(.seq == $s) | .bodyHash' "$J")
  got=$(jq -jcS --argjson s "$seq" '.ledgerSlice[] | select(.seq == $s) | .body' "$J" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$want" ] || fail "ledger entry $seq: its content does not match its bodyHash"
done <"$tmp/bodies"

# 4. The slice is an unbroken hash chain: entryHash = sha256({"bodyHash","prevHash","seq","v":1}), each
#    entry's prevHash is the previous entryHash, and the last entry is the checkpoint's head.
prev=""
last=""
jq -c '.ledgerSlice[] | {v: 1, seq, prevHash, bodyHash, entryHash}' "$J" >"$tmp/links"
while read -r link; do
  seq=$(printf '%s' "$link" | jq -r .seq)
  entry=$(printf '%s' "$link" | jq -r .entryHash)
  got=$(printf '%s' "$link" | jq -jcS '{v, seq, prevHash, bodyHash}' | sha256sum | cut -d' ' -f1)
  [ "$got" = "$entry" ] || fail "ledger entry $seq: entryHash does not match"
  if [ -n "$prev" ]; then
    [ "$(printf '%s' "$link" | jq -r .prevHash)" = "$prev" ] || fail "ledger entry $seq does not link to the entry before it"
  fi
  prev=$entry
  last=$seq
done <"$tmp/links"
[ "$last" = "$(jq -r .checkpoint.size "$J")" ] && [ "$prev" = "$(jq -r .checkpoint.headHash "$J")" ] ||
  fail "the chain slice does not end at the signed checkpoint"

# 5. The checkpoint is signed by the trusted key over canonical {v:1, chain, size, headHash, time, keyId}.
[ "$(jq -r .checkpoint.publicKey "$J")" = "$trusted" ] || fail "the checkpoint is signed by another key"
jq -jcS '.checkpoint | {v: 1, chain, size, headHash, time, keyId}' "$J" >"$tmp/cp.json"
jq -j .checkpoint.signature "$J" | openssl base64 -d -A >"$tmp/cp.sig"
openssl pkeyutl -verify -pubin -inkey "$tmp/pub.pem" -rawin -in "$tmp/cp.json" -sigfile "$tmp/cp.sig" >/dev/null 2>&1 ||
  fail "the checkpoint signature does not verify"

echo "OK: packet for claim $(jq -r .claim.claimNumber "$J") verified: $(wc -l <"$tmp/files" | tr -d ' ') files, $(wc -l <"$tmp/links" | tr -d ' ') ledger entries, checkpoint $(jq -r .checkpoint.size "$J") signed $(jq -r .checkpoint.time "$J") by key $(jq -r .checkpoint.keyId "$J")"
