/**
 * `npm start`: the auth service in embedded mode on a developer's machine, where the `.eml`
 * transport's log line should show each code and link (MAIL_LOG_SECRETS=on, unless the
 * environment says otherwise). Deployments run dist/apps/auth-service/src/main.js directly.
 */
'use strict';

process.env.MAIL_LOG_SECRETS ??= 'on';
require('../dist/apps/auth-service/src/main.js');
