// Reads one meeting's update from a EUROMED bundle with the JavaScript Yjs implementation
// and prints, as JSON, the meeting's title and the text of every minutes block.
// Usage: node decode.mjs UPDATE_FILE MEETING_ID
import { readFileSync } from "node:fs";
import * as Y from "yjs";

const [updatePath, meetingId] = process.argv.slice(2);
const doc = new Y.Doc();
Y.applyUpdate(doc, new Uint8Array(readFileSync(updatePath)));

const meeting = doc.getMap("meetings").get(meetingId);
const blocks = {};
doc.getMap("blocks").forEach((block, id) => {
  blocks[id] = { text: block.get("text").toString(), lang: block.get("lang") };
});
console.log(
  JSON.stringify({ title: meeting ? meeting.get("title").toJSON() : null, blocks }),
);
