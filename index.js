// Entry point for `require('n8n-nodes-segmind-wan')`; n8n itself loads the files named in
// package.json "n8n".
const { SegmindWan } = require('./dist/nodes/SegmindWan/SegmindWan.node');
const { SegmindApi } = require('./dist/credentials/SegmindApi.credentials');

module.exports = { SegmindWan, SegmindApi };
