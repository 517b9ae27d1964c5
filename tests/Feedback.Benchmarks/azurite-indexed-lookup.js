// An experiment, never for the product: preloaded into azurite-table (node -r this-file
// node_modules/azurite/dist/src/table/main.js …, with AZURITE_DIR=node_modules/azurite), it answers
// findOne({PartitionKey, RowKey}) from a map of both keys kept beside each LokiJS entity collection, as Azure's index on
// both keys would, instead of LokiJS's search of the partition's rows one by one. Comparing a soak with and without it
// shows how much of Azurite's time goes to that search (docs/benchmarks-requests.md, 2026-12-08). In-memory Azurite
// only: collections loaded from a folder are not mapped. At exit it writes how many look-ups it answered to PKRK_LOG.
const Loki = require(require.resolve('lokijs', { paths: [process.env.AZURITE_DIR] }));

const key = (partitionKey, rowKey) => partitionKey + '\u0000' + rowKey;
let mapped = 0;
let searched = 0;

const addCollection = Loki.prototype.addCollection;
Loki.prototype.addCollection = function (name, options) {
  const collection = addCollection.call(this, name, options);
  if (options && Array.isArray(options.indices) && options.indices.includes('PartitionKey')) {
    const rows = new Map();
    const add = docs => {
      for (const doc of [].concat(docs))
        if (typeof doc.PartitionKey === 'string' && typeof doc.RowKey === 'string') rows.set(key(doc.PartitionKey, doc.RowKey), doc);
    };
    const drop = docs => {
      for (const doc of [].concat(docs))
        if (rows.get(key(doc.PartitionKey, doc.RowKey)) === doc) rows.delete(key(doc.PartitionKey, doc.RowKey));
    };
    collection.on('insert', add);
    collection.on('update', add);
    collection.on('delete', drop);
    collection.rowsByKeys = rows;
  }
  return collection;
};

const findOne = Loki.Collection.prototype.findOne;
Loki.Collection.prototype.findOne = function (query) {
  if (this.rowsByKeys && query && Object.keys(query).length === 2 && typeof query.PartitionKey === 'string' && typeof query.RowKey === 'string') {
    mapped++;
    return this.rowsByKeys.get(key(query.PartitionKey, query.RowKey)) || null;
  }
  searched++;
  return findOne.call(this, query);
};

process.on('exit', () => require('fs').appendFileSync(process.env.PKRK_LOG || '/dev/stderr', `azurite-indexed-lookup: ${mapped} look-ups by both keys, ${searched} left to LokiJS\n`));
