// Loads statemachines/<name>.asl.json for serverless.yml and turns each
// `"Resource": "${fn}"` into `{"Fn::GetAtt": [<fn's logical id>, "Arn"]}`, so the
// ASL files stay pure (validated by asl-validator, run by the local engine) and
// serverless-step-functions grants lambda:InvokeFunction on exactly those functions.
// A parameter `"${ConversationsTable}"` (a capitalized name) becomes `{"Ref": "ConversationsTable"}`,
// so the plugin scopes the DynamoDB / S3 permissions to that resource; the local
// engine puts the local table or bucket name there.
const fs = require('node:fs');
const path = require('node:path');

// Serverless names a function's CloudFormation resource <Name>LambdaFunction,
// with `_` spelled `Underscore` and the first letter upper-cased.
function logicalId(fn) {
  const normalized = fn.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

function substitute(value) {
  if (Array.isArray(value)) return value.map(substitute);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      const fn = key === 'Resource' && typeof item === 'string' ? /^\$\{([a-z][a-z0-9_]*)\}$/.exec(item)?.[1] : undefined;
      if (fn) out[key] = { 'Fn::GetAtt': [logicalId(fn), 'Arn'] };
      else if (key === 'FunctionName' && typeof item === 'string' && /^\$\{([a-z][a-z0-9_]*)\}$/.test(item)) out[key] = { 'Fn::GetAtt': [logicalId(item.slice(2, -1)), 'Arn'] };
      else if (typeof item === 'string' && /^\$\{[A-Z][A-Za-z0-9]*\}$/.test(item)) out[key] = { Ref: item.slice(2, -1) };
      else out[key] = substitute(item);
    }
    return out;
  }
  return value;
}

function load(name) {
  return substitute(JSON.parse(fs.readFileSync(path.join(__dirname, `${name}.asl.json`), 'utf8')));
}

const machines = fs.readdirSync(__dirname).filter((file) => file.endsWith('.asl.json')).map((file) => file.replace(/\.asl\.json$/, ''));
module.exports = Object.fromEntries(machines.map((name) => [name, () => load(name)]));
module.exports.logicalId = logicalId;
