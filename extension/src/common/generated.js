/**
 * Values the extension shares with DLP Guard's Python side. Generated from Python by
 * `python -m dlpguard.bridge.regenerate` (dlpguard/bridge/shared_constants.py); do not edit:
 * change the Python source and regenerate (tests/bridge/test_regenerate.py fails while it is
 * stale).
 */

/** Bridge protocol version (dlpguard/bridge/protocol.py). */
export const PROTOCOL_VERSION = 1;

/** Request types (dlpguard/bridge/protocol.py REQUEST_MODELS). */
export const REQUEST_TYPES = Object.freeze([
  'hello',
  'scan',
  'decision',
  'restore',
  'upload_chunk',
  'scan_file',
  'visit',
]);

/** Reply types (dlpguard/bridge/protocol.py Reply). */
export const REPLY_TYPES = Object.freeze([
  'hello_ok',
  'verdict',
  'decision_recorded',
  'restored',
  'upload_ack',
  'file_verdict',
  'visit_counted',
  'error',
]);

/** How a text is about to leave the page (`scan.event`) (dlpguard/bridge/protocol.py). */
export const SCAN_EVENTS = Object.freeze(['paste', 'drop', 'submit', 'upload']);

/** What the user chose after a verdict (`decision.user_action`) (dlpguard/bridge/protocol.py). */
export const USER_ACTIONS = Object.freeze(['cancel', 'send_masked', 'send_anyway']);

/** What a verdict tells the extension to do (`verdict.action`) (dlpguard/bridge/protocol.py). */
export const VERDICT_ACTIONS = Object.freeze(['allow', 'warn', 'mask', 'block']);

/**
 * Longest string (in code points) each request field may carry; the host refuses longer
 * (dlpguard/bridge/protocol.py request models).
 */
export const FIELD_MAX_LENGTH = Object.freeze({
  id: 128,
  extension_version: 64,
  browser: 64,
  site: 2048,
  url: 8192,
  conversation_id: 256,
  incident_id: 64,
  justification: 4000,
  data: 4194304,
  name: 255,
});

/**
 * Largest request frame the host reads by default (`hello_ok` says the limit in force)
 * (dlpguard/bridge/framing.py).
 */
export const MAX_REQUEST_BYTES = 8388608;

/**
 * Largest reply frame the host sends: the browsers' limit for a message from a host
 * (dlpguard/bridge/framing.py).
 */
export const MAX_REPLY_BYTES = 1048576;

/** The native-messaging host's registered name (dlpguard/bridge/manifests.py). */
export const NATIVE_HOST_NAME = 'com.dlpguard.host';

/**
 * Categories from the most to the least harmful (the engine's overlap priority): the overlay lists them in
 * this order (dlpguard/engine/resolve.py PRIORITY).
 */
export const CATEGORY_ORDER = Object.freeze([
  'secret',
  'financial',
  'government_id',
  'health',
  'custom',
  'contact',
  'network',
  'person',
  'location',
  'classification',
]);

/** Policy fail modes (dlpguard/policy/schema.py). */
export const FAIL_MODES = Object.freeze(['closed', 'open']);

/** Fail mode until the host names the policy's (dlpguard/policy/default_policy.yaml). */
export const DEFAULT_FAIL_MODE = 'closed';

/** Verdict time budget until the host names the policy's (dlpguard/policy/default_policy.yaml). */
export const DEFAULT_VERDICT_TIMEOUT_MS = 1500;

/**
 * Sites guarded until the host names the policy's: the default policy's guarded groups
 * (dlpguard/policy/default_policy.yaml).
 */
export const BUILTIN_GUARDED_SITES = Object.freeze([
  'chatgpt.com',
  'chat.openai.com',
  'platform.openai.com/playground',
  'claude.ai',
  'console.anthropic.com',
  'gemini.google.com',
  'aistudio.google.com',
  'notebooklm.google.com',
  'copilot.microsoft.com',
  'copilot.cloud.microsoft',
  'perplexity.ai',
  'grok.com',
  'x.com/i/grok',
  'meta.ai',
  'poe.com',
  'huggingface.co/chat',
  'you.com',
  'duck.ai',
  'character.ai',
  'pi.ai',
  'groq.com',
  'api.together.ai/playground',
  'api.together.xyz/playground',
  'openrouter.ai',
  'phind.com',
  'jasper.ai',
  'writesonic.com',
  'blackbox.ai',
  'lmarena.ai',
  'venice.ai',
  'chat.reka.ai',
  'kagi.com/assistant',
  'coral.cohere.com',
  'dashboard.cohere.com/playground',
  'chat.mistral.ai',
  'lumo.proton.me',
  'studio.ai21.com',
  'clova-x.naver.com',
  'getliner.com',
  'felo.ai',
  'manus.im',
  'monica.im',
  'deepseek.com',
  'qwen.ai',
  'tongyi.aliyun.com',
  'qianwen.aliyun.com',
  'kimi.moonshot.cn',
  'kimi.com',
  'doubao.com',
  'coze.com',
  'coze.cn',
  'yiyan.baidu.com',
  'chatglm.cn',
  'chat.z.ai',
  'hailuoai.com',
  'minimax.io',
  'minimaxi.com',
  'baichuan-ai.com',
  'yuanbao.tencent.com',
  'yuewen.cn',
  'stepfun.com',
  'xinghuo.xfyun.cn',
  'chat.sensetime.com',
  'tiangong.cn',
  'metaso.cn',
  'wanzhi.com',
]);

/**
 * The AI site catalogue: one row per service (id, name, domains matched with their subdomains, vendor,
 * jurisdiction) (dlpguard/policy/catalogue.yaml).
 */
export const AI_SERVICES = Object.freeze([
  Object.freeze({
    id: 'chatgpt',
    name: 'ChatGPT',
    domains: Object.freeze(['chatgpt.com', 'chat.openai.com']),
    vendor: 'OpenAI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'openai-platform',
    name: 'OpenAI Playground',
    domains: Object.freeze(['platform.openai.com/playground']),
    vendor: 'OpenAI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'claude',
    name: 'Claude',
    domains: Object.freeze(['claude.ai']),
    vendor: 'Anthropic',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'anthropic-console',
    name: 'Anthropic Console (Workbench)',
    domains: Object.freeze(['console.anthropic.com']),
    vendor: 'Anthropic',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'gemini',
    name: 'Gemini',
    domains: Object.freeze(['gemini.google.com']),
    vendor: 'Google',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'aistudio',
    name: 'Google AI Studio',
    domains: Object.freeze(['aistudio.google.com']),
    vendor: 'Google',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'notebooklm',
    name: 'NotebookLM',
    domains: Object.freeze(['notebooklm.google.com']),
    vendor: 'Google',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'copilot',
    name: 'Microsoft Copilot',
    domains: Object.freeze(['copilot.microsoft.com', 'copilot.cloud.microsoft']),
    vendor: 'Microsoft',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'perplexity',
    name: 'Perplexity',
    domains: Object.freeze(['perplexity.ai']),
    vendor: 'Perplexity AI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'grok',
    name: 'Grok',
    domains: Object.freeze(['grok.com', 'x.com/i/grok']),
    vendor: 'xAI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'metaai',
    name: 'Meta AI',
    domains: Object.freeze(['meta.ai']),
    vendor: 'Meta Platforms',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'poe',
    name: 'Poe',
    domains: Object.freeze(['poe.com']),
    vendor: 'Quora',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'huggingchat',
    name: 'HuggingChat',
    domains: Object.freeze(['huggingface.co/chat']),
    vendor: 'Hugging Face',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'you',
    name: 'You.com',
    domains: Object.freeze(['you.com']),
    vendor: 'You.com',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'duckai',
    name: 'Duck.ai',
    domains: Object.freeze(['duck.ai']),
    vendor: 'DuckDuckGo',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'characterai',
    name: 'Character.AI',
    domains: Object.freeze(['character.ai']),
    vendor: 'Character Technologies',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'pi',
    name: 'Pi',
    domains: Object.freeze(['pi.ai']),
    vendor: 'Inflection AI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'groq',
    name: 'GroqChat',
    domains: Object.freeze(['groq.com']),
    vendor: 'Groq',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'together',
    name: 'Together AI Playground',
    domains: Object.freeze(['api.together.ai/playground', 'api.together.xyz/playground']),
    vendor: 'Together AI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'openrouter',
    name: 'OpenRouter',
    domains: Object.freeze(['openrouter.ai']),
    vendor: 'OpenRouter',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'phind',
    name: 'Phind',
    domains: Object.freeze(['phind.com']),
    vendor: 'Phind',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'jasper',
    name: 'Jasper',
    domains: Object.freeze(['jasper.ai']),
    vendor: 'Jasper AI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'writesonic',
    name: 'Writesonic Chatsonic',
    domains: Object.freeze(['writesonic.com']),
    vendor: 'Writesonic',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'blackbox',
    name: 'Blackbox AI',
    domains: Object.freeze(['blackbox.ai']),
    vendor: 'Blackbox AI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'lmarena',
    name: 'LMArena',
    domains: Object.freeze(['lmarena.ai']),
    vendor: 'LMArena',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'venice',
    name: 'Venice',
    domains: Object.freeze(['venice.ai']),
    vendor: 'Venice.ai',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'reka',
    name: 'Reka Chat',
    domains: Object.freeze(['chat.reka.ai']),
    vendor: 'Reka AI',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'kagi-assistant',
    name: 'Kagi Assistant',
    domains: Object.freeze(['kagi.com/assistant']),
    vendor: 'Kagi',
    jurisdiction: 'US',
  }),
  Object.freeze({
    id: 'cohere',
    name: 'Cohere Chat',
    domains: Object.freeze(['coral.cohere.com', 'dashboard.cohere.com/playground']),
    vendor: 'Cohere',
    jurisdiction: 'CA',
  }),
  Object.freeze({
    id: 'mistral',
    name: 'Le Chat',
    domains: Object.freeze(['chat.mistral.ai']),
    vendor: 'Mistral AI',
    jurisdiction: 'FR',
  }),
  Object.freeze({
    id: 'lumo',
    name: 'Lumo',
    domains: Object.freeze(['lumo.proton.me']),
    vendor: 'Proton',
    jurisdiction: 'CH',
  }),
  Object.freeze({
    id: 'ai21',
    name: 'AI21 Studio',
    domains: Object.freeze(['studio.ai21.com']),
    vendor: 'AI21 Labs',
    jurisdiction: 'IL',
  }),
  Object.freeze({
    id: 'clovax',
    name: 'CLOVA X',
    domains: Object.freeze(['clova-x.naver.com']),
    vendor: 'Naver',
    jurisdiction: 'KR',
  }),
  Object.freeze({
    id: 'liner',
    name: 'Liner',
    domains: Object.freeze(['getliner.com']),
    vendor: 'Liner',
    jurisdiction: 'KR',
  }),
  Object.freeze({
    id: 'felo',
    name: 'Felo',
    domains: Object.freeze(['felo.ai']),
    vendor: 'Felo',
    jurisdiction: 'JP',
  }),
  Object.freeze({
    id: 'manus',
    name: 'Manus',
    domains: Object.freeze(['manus.im']),
    vendor: 'Butterfly Effect',
    jurisdiction: 'SG',
  }),
  Object.freeze({
    id: 'monica',
    name: 'Monica',
    domains: Object.freeze(['monica.im']),
    vendor: 'Butterfly Effect',
    jurisdiction: 'SG',
  }),
  Object.freeze({
    id: 'deepseek',
    name: 'DeepSeek',
    domains: Object.freeze(['deepseek.com']),
    vendor: 'Hangzhou DeepSeek Artificial Intelligence',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'qwen',
    name: 'Qwen Chat (Tongyi Qianwen)',
    domains: Object.freeze(['qwen.ai', 'tongyi.aliyun.com', 'qianwen.aliyun.com']),
    vendor: 'Alibaba Cloud',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'kimi',
    name: 'Kimi',
    domains: Object.freeze(['kimi.moonshot.cn', 'kimi.com']),
    vendor: 'Moonshot AI',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'doubao',
    name: 'Doubao',
    domains: Object.freeze(['doubao.com']),
    vendor: 'ByteDance',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'coze',
    name: 'Coze',
    domains: Object.freeze(['coze.com', 'coze.cn']),
    vendor: 'ByteDance',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'yiyan',
    name: 'ERNIE Bot (Wenxin Yiyan)',
    domains: Object.freeze(['yiyan.baidu.com']),
    vendor: 'Baidu',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'chatglm',
    name: 'ChatGLM (Zhipu Qingyan) / Z.ai',
    domains: Object.freeze(['chatglm.cn', 'chat.z.ai']),
    vendor: 'Zhipu AI',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'minimax',
    name: 'MiniMax / Hailuo AI',
    domains: Object.freeze(['hailuoai.com', 'minimax.io', 'minimaxi.com']),
    vendor: 'MiniMax',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'baichuan',
    name: 'Baixiaoying (Baichuan)',
    domains: Object.freeze(['baichuan-ai.com']),
    vendor: 'Baichuan Intelligence',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'yuanbao',
    name: 'Tencent Yuanbao',
    domains: Object.freeze(['yuanbao.tencent.com']),
    vendor: 'Tencent',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'stepfun',
    name: 'Yuewen (StepFun)',
    domains: Object.freeze(['yuewen.cn', 'stepfun.com']),
    vendor: 'StepFun',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'spark',
    name: 'iFlytek Spark',
    domains: Object.freeze(['xinghuo.xfyun.cn']),
    vendor: 'iFlytek',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'sensechat',
    name: 'SenseChat',
    domains: Object.freeze(['chat.sensetime.com']),
    vendor: 'SenseTime',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'tiangong',
    name: 'Tiangong AI',
    domains: Object.freeze(['tiangong.cn']),
    vendor: 'Kunlun Tech',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'metaso',
    name: 'Metaso AI Search',
    domains: Object.freeze(['metaso.cn']),
    vendor: 'Metaso',
    jurisdiction: 'CN',
  }),
  Object.freeze({
    id: 'wanzhi',
    name: 'Wanzhi (01.AI)',
    domains: Object.freeze(['wanzhi.com']),
    vendor: '01.AI',
    jurisdiction: 'CN',
  }),
]);

/**
 * Where the manifests' content scripts run and what host access they ask for: every catalogue host and the
 * hosts under it (build.mjs writes them into the built manifests) (dlpguard/policy/catalogue.yaml).
 */
export const CONTENT_SCRIPT_MATCHES = Object.freeze([
  'https://chatgpt.com/*',
  'https://*.chatgpt.com/*',
  'https://chat.openai.com/*',
  'https://*.chat.openai.com/*',
  'https://platform.openai.com/*',
  'https://*.platform.openai.com/*',
  'https://claude.ai/*',
  'https://*.claude.ai/*',
  'https://console.anthropic.com/*',
  'https://*.console.anthropic.com/*',
  'https://gemini.google.com/*',
  'https://*.gemini.google.com/*',
  'https://aistudio.google.com/*',
  'https://*.aistudio.google.com/*',
  'https://notebooklm.google.com/*',
  'https://*.notebooklm.google.com/*',
  'https://copilot.microsoft.com/*',
  'https://*.copilot.microsoft.com/*',
  'https://copilot.cloud.microsoft/*',
  'https://*.copilot.cloud.microsoft/*',
  'https://perplexity.ai/*',
  'https://*.perplexity.ai/*',
  'https://grok.com/*',
  'https://*.grok.com/*',
  'https://x.com/*',
  'https://*.x.com/*',
  'https://meta.ai/*',
  'https://*.meta.ai/*',
  'https://poe.com/*',
  'https://*.poe.com/*',
  'https://huggingface.co/*',
  'https://*.huggingface.co/*',
  'https://you.com/*',
  'https://*.you.com/*',
  'https://duck.ai/*',
  'https://*.duck.ai/*',
  'https://character.ai/*',
  'https://*.character.ai/*',
  'https://pi.ai/*',
  'https://*.pi.ai/*',
  'https://groq.com/*',
  'https://*.groq.com/*',
  'https://api.together.ai/*',
  'https://*.api.together.ai/*',
  'https://api.together.xyz/*',
  'https://*.api.together.xyz/*',
  'https://openrouter.ai/*',
  'https://*.openrouter.ai/*',
  'https://phind.com/*',
  'https://*.phind.com/*',
  'https://jasper.ai/*',
  'https://*.jasper.ai/*',
  'https://writesonic.com/*',
  'https://*.writesonic.com/*',
  'https://blackbox.ai/*',
  'https://*.blackbox.ai/*',
  'https://lmarena.ai/*',
  'https://*.lmarena.ai/*',
  'https://venice.ai/*',
  'https://*.venice.ai/*',
  'https://chat.reka.ai/*',
  'https://*.chat.reka.ai/*',
  'https://kagi.com/*',
  'https://*.kagi.com/*',
  'https://coral.cohere.com/*',
  'https://*.coral.cohere.com/*',
  'https://dashboard.cohere.com/*',
  'https://*.dashboard.cohere.com/*',
  'https://chat.mistral.ai/*',
  'https://*.chat.mistral.ai/*',
  'https://lumo.proton.me/*',
  'https://*.lumo.proton.me/*',
  'https://studio.ai21.com/*',
  'https://*.studio.ai21.com/*',
  'https://clova-x.naver.com/*',
  'https://*.clova-x.naver.com/*',
  'https://getliner.com/*',
  'https://*.getliner.com/*',
  'https://felo.ai/*',
  'https://*.felo.ai/*',
  'https://manus.im/*',
  'https://*.manus.im/*',
  'https://monica.im/*',
  'https://*.monica.im/*',
  'https://deepseek.com/*',
  'https://*.deepseek.com/*',
  'https://qwen.ai/*',
  'https://*.qwen.ai/*',
  'https://tongyi.aliyun.com/*',
  'https://*.tongyi.aliyun.com/*',
  'https://qianwen.aliyun.com/*',
  'https://*.qianwen.aliyun.com/*',
  'https://kimi.moonshot.cn/*',
  'https://*.kimi.moonshot.cn/*',
  'https://kimi.com/*',
  'https://*.kimi.com/*',
  'https://doubao.com/*',
  'https://*.doubao.com/*',
  'https://coze.com/*',
  'https://*.coze.com/*',
  'https://coze.cn/*',
  'https://*.coze.cn/*',
  'https://yiyan.baidu.com/*',
  'https://*.yiyan.baidu.com/*',
  'https://chatglm.cn/*',
  'https://*.chatglm.cn/*',
  'https://chat.z.ai/*',
  'https://*.chat.z.ai/*',
  'https://hailuoai.com/*',
  'https://*.hailuoai.com/*',
  'https://minimax.io/*',
  'https://*.minimax.io/*',
  'https://minimaxi.com/*',
  'https://*.minimaxi.com/*',
  'https://baichuan-ai.com/*',
  'https://*.baichuan-ai.com/*',
  'https://yuanbao.tencent.com/*',
  'https://*.yuanbao.tencent.com/*',
  'https://yuewen.cn/*',
  'https://*.yuewen.cn/*',
  'https://stepfun.com/*',
  'https://*.stepfun.com/*',
  'https://xinghuo.xfyun.cn/*',
  'https://*.xinghuo.xfyun.cn/*',
  'https://chat.sensetime.com/*',
  'https://*.chat.sensetime.com/*',
  'https://tiangong.cn/*',
  'https://*.tiangong.cn/*',
  'https://metaso.cn/*',
  'https://*.metaso.cn/*',
  'https://wanzhi.com/*',
  'https://*.wanzhi.com/*',
]);

/**
 * The built-in check when no host answers under fail_mode open: the engine's high-confidence secret patterns
 * as JavaScript regex sources (Luhn-valid cards are checked in code) (dlpguard/engine/fallback.py).
 */
export const FALLBACK_RULES = Object.freeze([
  Object.freeze({
    entity: 'ANTHROPIC_API_KEY',
    category: 'secret',
    rule: 'anthropic_key',
    source: 'sk-ant-(?<![A-Za-z0-9_-]sk-ant-)(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'AWS_ACCESS_KEY',
    category: 'secret',
    rule: 'aws_access_key_id',
    source: 'A(?<![A-Za-z0-9]A)(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}(?![A-Za-z0-9])',
  }),
  Object.freeze({
    entity: 'GCP_API_KEY',
    category: 'secret',
    rule: 'gcp_api_key',
    source: 'AIza(?<![A-Za-z0-9_-]AIza)(?!(?:Syabcdefghijklmnopqrstuvwxyz1234567|SyAnLA7NfeLquW1tJFpx_eQ' +
      'CxoX\\-oo6YyIs|SyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM|SyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU|SyD3asb\\-' +
      '2pEZVqMkmL6M9N6nHZRR_znhrh0|yDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A|SyAdOS2zB6NCsk1pCdZ4\\-P6GBdi_UUP' +
      'wX7c|SyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4|SyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY|SyA5_iVawFQ8ABuTZNUd' +
      'cwERLJv_a_p4wtM|SyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ|SyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g|SyBF2RrAI' +
      'm4a0mO64EShQfqfd2AFnzAvvuU|SyBcE\\-OOIbhjyR83gm4r2MFCu4MJmprNXsw|SyB8qGxt4ec15vitgn44duC5ucxaOi4F' +
      'mqE|SyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY)(?![A-Za-z0-9_-]))[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'GCP_SERVICE_ACCOUNT_KEY',
    category: 'secret',
    rule: 'gcp_private_key_id',
    source: 'private_key_id[\\"\']?[ \\t]*[:=][ \\t]*[\\"\']?(?<value>[0-9a-f]{40})(?![0-9A-Za-z])',
  }),
  Object.freeze({
    entity: 'GITHUB_TOKEN',
    category: 'secret',
    rule: 'github_classic',
    source: 'gh(?<![A-Za-z0-9_]gh)[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])',
  }),
  Object.freeze({
    entity: 'GITHUB_TOKEN',
    category: 'secret',
    rule: 'github_fine_grained',
    source: 'github_pat_(?<![A-Za-z0-9_]github_pat_)[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])',
  }),
  Object.freeze({
    entity: 'GITLAB_TOKEN',
    category: 'secret',
    rule: 'gitlab_token',
    source: 'gl(?<![A-Za-z0-9_-]gl)(?:pat|dt|rt|ft|soat|cbt)-[0-9A-Za-z_-]{20}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'GITLAB_TOKEN',
    category: 'secret',
    rule: 'gitlab_routable_token',
    source: 'glpat-(?<![A-Za-z0-9_-]glpat-)[0-9A-Za-z_-]{27,300}\\.[0-9a-z]{2}\\.[0-9a-z]{7,9}(?![A-Za-z' +
      '0-9_-])',
  }),
  Object.freeze({
    entity: 'GITLAB_TOKEN',
    category: 'secret',
    rule: 'gitlab_trigger_token',
    source: 'glptt-(?<![A-Za-z0-9_-]glptt-)(?:[0-9a-f]{40}|[0-9A-Za-z_-]{20})(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'GITLAB_TOKEN',
    category: 'secret',
    rule: 'gitlab_incoming_mail_token',
    source: 'glimt-(?<![A-Za-z0-9_-]glimt-)[0-9a-z]{25}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'HUGGINGFACE_TOKEN',
    category: 'secret',
    rule: 'huggingface_token',
    source: '(?:hf_(?<![A-Za-z0-9_-]hf_)|api_org_(?<![A-Za-z0-9_-]api_org_))[A-Za-z]{34}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'NPM_TOKEN',
    category: 'secret',
    rule: 'npm_token',
    source: 'npm_(?<![A-Za-z0-9_-]npm_)[A-Za-z0-9]{36}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'NPM_TOKEN',
    category: 'secret',
    rule: 'npmrc_auth_token',
    source: '//[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?(?:/[^\\s:/]{0,100})*/?:_authToken[ \\t]*=[ \\t]*[\\"' +
      '\']?(?!npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])|gh[pousr]_|github_pat_|gl[a-z]{2,4}-)(?<value>[A-Za-z0-' +
      '9._~+/=-]{8,512})(?![^\\s\\"\'])',
  }),
  Object.freeze({
    entity: 'PYPI_TOKEN',
    category: 'secret',
    rule: 'pypi_token',
    source: 'pypi-(?<![A-Za-z0-9_-]pypi-)(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000' +
      '}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'SENDGRID_KEY',
    category: 'secret',
    rule: 'sendgrid_key',
    source: 'SG\\.(?<![A-Za-z0-9_.-]SG\\.)[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_.-])',
  }),
  Object.freeze({
    entity: 'SLACK_TOKEN',
    category: 'secret',
    rule: 'slack_token',
    source: 'xox(?<![A-Za-z0-9_-]xox)[abposre]-(?:[0-9]{1,15}-)(?!1234(?:5(?:6(?:7(?:8(?:9(?:0)?)?)?)?)?' +
      ')?-)(?:[0-9]{1,15}-){0,3}(?![A-Z]{8,200}(?![A-Za-z0-9])|(?:[A-Z][a-z]{2,}){3,}(?![A-Za-z0-9]))[A-' +
      'Za-z0-9]{8,200}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'SLACK_TOKEN',
    category: 'secret',
    rule: 'slack_app_token',
    source: 'xapp-(?<![A-Za-z0-9_-]xapp-)[0-9]-[A-Z0-9]{6,15}-[0-9]{6,15}-[A-Za-z0-9]{16,100}(?![A-Za-z0' +
      '-9_-])',
  }),
  Object.freeze({
    entity: 'SLACK_WEBHOOK',
    category: 'secret',
    rule: 'slack_webhook',
    source: '(?:https?://)?(?<![A-Za-z0-9.-])hooks\\.slack\\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12' +
      '}/[A-Za-z0-9]{16,40}(?![A-Za-z0-9])',
  }),
  Object.freeze({
    entity: 'STRIPE_KEY',
    category: 'secret',
    rule: 'stripe_live_key',
    source: '[sr]k_live_(?<![A-Za-z0-9_][sr]k_live_)[0-9A-Za-z]{24,99}(?![A-Za-z0-9_])',
  }),
  Object.freeze({
    entity: 'ATLASSIAN_API_TOKEN',
    category: 'secret',
    rule: 'atlassian_api_token',
    source: 'ATATT3(?<![A-Za-z0-9_-]ATATT3)[A-Za-z0-9_=-]{150,300}(?![A-Za-z0-9_=-])',
  }),
  Object.freeze({
    entity: 'DISCORD_WEBHOOK',
    category: 'secret',
    rule: 'discord_webhook',
    source: '(?:https?://)?(?<![A-Za-z0-9.-])(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-' +
      '9]{17,20}/[A-Za-z0-9_-]{60,80}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'DOCKER_HUB_TOKEN',
    category: 'secret',
    rule: 'docker_hub_pat',
    source: 'dckr_(?<![A-Za-z0-9_]dckr_)pat_[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'DOCKER_HUB_TOKEN',
    category: 'secret',
    rule: 'docker_hub_org_token',
    source: 'dckr_(?<![A-Za-z0-9_]dckr_)oat_[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'HARNESS_API_KEY',
    category: 'secret',
    rule: 'harness_api_key',
    source: '[ps](?<![A-Za-z0-9_.-][ps])at\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}(?![A-' +
      'Za-z0-9_.-])',
  }),
  Object.freeze({
    entity: 'SENTRY_DSN',
    category: 'secret',
    rule: 'sentry_dsn',
    source: 'h(?<![A-Za-z0-9+.-]h)ttps?://[0-9a-f]{32}(?::[0-9a-f]{32})?@[A-Za-z0-9.-]{1,253}(?::[0-9]{1' +
      ',5})?/(?:[A-Za-z0-9_.-]+/){0,3}[0-9]{1,12}(?![A-Za-z0-9/])',
  }),
  Object.freeze({
    entity: 'STRIPE_WEBHOOK_SECRET',
    category: 'secret',
    rule: 'stripe_webhook_secret',
    source: 'whsec_(?<![A-Za-z0-9_]whsec_)[A-Za-z0-9]{32,64}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'TELEGRAM_BOT_TOKEN',
    category: 'secret',
    rule: 'telegram_bot_token',
    source: '[0-9](?<![A-Za-z0-9_:-].)[0-9]{7,9}:AA[A-Za-z0-9_-]{32,33}(?![A-Za-z0-9_-])',
  }),
  Object.freeze({
    entity: 'PRIVATE_KEY',
    category: 'secret',
    rule: 'private_key_header',
    source: '-----BEGIN (?:[A-Z0-9]{2,10} ){0,3}PRIVATE KEY(?: BLOCK)?-----',
  }),
]);

/**
 * Published example values (lower case, no separators) the built-in check never reports
 * (dlpguard/engine/filters.py KNOWN_EXAMPLE_VALUES).
 */
export const FALLBACK_KNOWN_VALUES = Object.freeze([
  '0123456789',
  '01234567890',
  '046454286',
  '078051120',
  '0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae',
  '111222333',
  '122000000000003',
  '123456782',
  '123456789',
  '12345678909',
  '1234567893',
  '12345678z',
  '1234567t',
  '1234567tw',
  '1237010180',
  '131052308t',
  '198112189876',
  '1a1zp1ep5qgefi2dmptftl5slmv7divfna',
  '1eg4te5mk73',
  '219099999',
  '2223003122003222',
  '30569309025904',
  '3530111333300000',
  '3566002020360505',
  '36227206271667',
  '371449635398431',
  '378282246310005',
  '38520000023237',
  '4000000000000002',
  '4000000000000069',
  '4000000000000101',
  '4000000000000119',
  '4000000000000127',
  '4000000000000341',
  '4000000000003063',
  '4000000000003220',
  '4000000000009979',
  '4000000000009987',
  '4000000000009995',
  '4000002500003155',
  '4000002760003184',
  '4000008400001629',
  '4000056655665556',
  '4012888888881881',
  '4100000000000019',
  '4111111111111111',
  '4242424242424242',
  '44051401458',
  '5019717010103742',
  '5105105105105100',
  '5200828282828210',
  '5555555555554444',
  '6011000990139424',
  '6011111111111117',
  '6200000000000005',
  '7561234567897',
  '7569217076985',
  '8001015009087',
  '8112189876',
  '85073003328',
  '9434765919',
  'ab123456c',
  'abcde1234f',
  'aizasydagmwka4jsxzhjgw7isln_3nambgewqe',
  'akiaiosfodnn7example',
  'at611904300234573201',
  'be68539007547034',
  'c01x00t47',
  'ch9300762011623852957',
  'de89370400440532013000',
  'eby8vdm02xnocqflquwjpllmetlcdxj1ouzft50usrz6ifsufq2uvercz4i6tqk1szfptotrkbhbeksogmgw==',
  'es9121000418450200051332',
  'eyjhbgcioijiuzi1niisinr5cci6ikpxvcj9eyjzdwiioiixmjm0nty3odkwiiwibmftzsi6ikpvag4grg9liiwiawf0ijoxnte2m' +
    'jm5mdiyfqsflkxwrjsmekkf2qt4fwpmejf36pok6yjv_adqssw5c',
  'fr1420041010050500013m02606',
  'gb29nwbk60161331926819',
  'gb82west12345698765432',
  'ghp_16c7e42f292c6912e7710c838347ae178b4a',
  'it60x0542811101000000123456',
  'l01x00t47',
  'nl91abna0417164300',
  'qq123456c',
  'rssmra80a01h501u',
  'rssmra85t10a562s',
  's1234567d',
  't22000129',
  'wjalrxutnfemik7mdengbpxrficyexamplekey',
  'x1234567l',
]);
