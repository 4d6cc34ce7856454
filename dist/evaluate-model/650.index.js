export const id = 650;
export const ids = [650];
export const modules = {

/***/ 46650:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mergeShardReports: () => (/* binding */ mergeShardReports),
  parseExamples: () => (/* binding */ parseExamples)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(42377);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: ./packages/core/src/evaluation/shard.ts
var shard = __webpack_require__(60664);
;// CONCATENATED MODULE: ./packages/core/src/evaluation/merge.ts


/**
 * Checks that the shard runs are the complete, disjoint shards of one evaluation and merges their
 * per-example results (the metrics are then recomputed from them, never averaged). Refuses,
 * with a DataError naming the files: reports that are not shards, shards of different eval sets
 * (sha256), tasks or shard counts, a shard given twice or missing, an example in two shards or
 * in the wrong shard, and results that do not cover the eval set's rows.
 */
function mergeShardRuns(runs) {
    if (runs.length === 0) {
        throw new errors/* DataError */.fL('No shard reports to merge: the merge pattern matched no file.', {
            hint: 'Download the shard artifacts first (actions/download-artifact with a pattern) and point merge at their report files.',
        });
    }
    const first = runs[0];
    const shardOfRun = (run) => {
        const shard = run.report.body.shard;
        if (!shard) {
            throw new errors/* DataError */.fL(`${run.source} is not a shard report (it has no body.shard).`, {
                hint: 'Merge only reports written with the shard input.',
                location: { file: run.source },
            });
        }
        return shard;
    };
    const count = shardOfRun(first).count;
    const dataset = first.report.body.dataset;
    const byIndex = new Map();
    for (const run of runs) {
        const shard = shardOfRun(run);
        const body = run.report.body;
        const clash = (what, a, b) => {
            throw new errors/* DataError */.fL(`${run.source} is a shard of a different evaluation than ${first.source}: ${what} ${JSON.stringify(b)} vs ${JSON.stringify(a)}.`, {
                hint: 'Merge only the shards of one run (same eval set, task and shard count).',
                location: { file: run.source },
            });
        };
        if (shard.count !== count)
            clash('shard count', count, shard.count);
        if (body.dataset.sha256 !== dataset.sha256)
            clash('eval set sha256', dataset.sha256, body.dataset.sha256);
        if (body.dataset.rows !== dataset.rows)
            clash('eval set rows', dataset.rows, body.dataset.rows);
        if (body.task !== first.report.body.task)
            clash('task', first.report.body.task, body.task);
        const previous = byIndex.get(shard.index);
        if (previous !== undefined) {
            throw new errors/* DataError */.fL(`Shard ${shard.index}/${count} is given twice: ${previous} and ${run.source}.`, {
                hint: 'Each shard must be merged once.',
                location: { file: run.source },
            });
        }
        byIndex.set(shard.index, run.source);
    }
    const missing = [];
    for (let i = 1; i <= count; i++)
        if (!byIndex.has(i))
            missing.push(i);
    if (missing.length > 0) {
        const found = [...byIndex].sort(([a], [b]) => a - b).map(([i, file]) => `${i}: ${file}`);
        throw new errors/* DataError */.fL(`Shard(s) ${missing.join(', ')} of ${count} are missing from the merge (found ${found.join(', ')}).`, {
            hint: 'Wait for every shard job (needs: the matrix job) and download all their artifacts.',
            location: { file: first.source },
        });
    }
    const seen = new Map();
    const results = [];
    for (const run of runs) {
        const index = shardOfRun(run).index;
        for (const r of run.results) {
            const other = seen.get(r.id);
            if (other !== undefined) {
                throw new errors/* DataError */.fL(`Example id ${JSON.stringify(r.id)} is in two shards: ${other} and ${run.source}.`, {
                    hint: 'The shards overlap; re-run them from one commit.',
                    location: { file: run.source },
                });
            }
            if ((0,shard/* shardOf */.I)(r.id, count) !== index) {
                throw new errors/* DataError */.fL(`Example id ${JSON.stringify(r.id)} in ${run.source} belongs to shard ${(0,shard/* shardOf */.I)(r.id, count)}, not ${index}.`, {
                    hint: 'The shard results were not made by evaluate-model with the same shard count.',
                    location: { file: run.source },
                });
            }
            seen.set(r.id, run.source);
            results.push(r);
        }
    }
    if (results.length !== dataset.rows) {
        throw new errors/* DataError */.fL(`The shards hold ${results.length} examples but the eval set has ${dataset.rows} rows.`, {
            hint: "A shard's per-example file is incomplete; re-run that shard.",
        });
    }
    results.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    let throughput = 0;
    let duration = 0;
    let unknownIds = 0;
    for (const run of runs) {
        const t = run.report.metrics.throughput_rps?.value;
        throughput =
            throughput === undefined || t === undefined || t === null ? undefined : throughput + t;
        const d = run.report.body.run?.durationMs;
        duration = duration === undefined || d === undefined ? undefined : Math.max(duration, d);
        unknownIds = Math.max(unknownIds, run.report.body.examples.unknownIds);
    }
    return {
        results,
        count,
        task: first.report.body.task,
        dataset,
        model: first.report.body.model,
        unknownIds,
        throughputRps: throughput,
        durationMs: duration,
    };
}
/**
 * Checks that LLM shard reports are of one run and combines what a single run takes from its
 * inputs and its requests: the model (source, name, endpoint), prompt sha256, repeats, spend cap
 * and judge must agree, else a DataError names the two files and the field; requests and cache
 * hits are summed, model ids united, and the run is priced only when every shard was. Call it
 * after {@link mergeShardRuns}, which checks the shards are complete and disjoint.
 */
function mergeLlmShardSettings(runs) {
    const first = runs[0];
    const llmOf = (run) => {
        const llm = run.report.body.llm;
        if (llm === undefined) {
            throw new errors/* DataError */.fL(`${run.source} is an LLM report without its body.llm section.`, {
                hint: 'Merge the reports evaluate-model wrote, unedited.',
                location: { file: run.source },
            });
        }
        return llm;
    };
    const firstLlm = llmOf(first);
    const model = first.report.body.model;
    let judge;
    let judgeSource = first.source;
    let requests = 0;
    let cacheHits = 0;
    let priced = true;
    const modelIds = [];
    const findings = [];
    let withCases = 0;
    let withoutAssertions;
    let withoutAssertionsCount = 0;
    for (const run of runs) {
        const llm = llmOf(run);
        const body = run.report.body;
        const clash = (what, a, b, other = first.source) => {
            throw new errors/* DataError */.fL(`${run.source} and ${other} are not shards of one LLM run: ${what} ${JSON.stringify(b)} vs ${JSON.stringify(a)}.`, {
                hint: 'Merge only the shards of one run (same prompt, model, repeats, max-cost-usd and judge).',
                location: { file: run.source },
            });
        };
        if (body.model.promptSha256 !== model.promptSha256)
            clash('prompt sha256', model.promptSha256, body.model.promptSha256);
        if (body.model.source !== model.source)
            clash('model source', model.source, body.model.source);
        if (body.model.name !== model.name)
            clash('model', model.name, body.model.name);
        if (body.model.endpoint !== model.endpoint)
            clash('model endpoint', model.endpoint, body.model.endpoint);
        if (llm.repeats !== firstLlm.repeats)
            clash('repeats', firstLlm.repeats, llm.repeats);
        if (llm.maxCostUsd !== firstLlm.maxCostUsd)
            clash('max-cost-usd', firstLlm.maxCostUsd ?? null, llm.maxCostUsd ?? null);
        if (llm.judge !== undefined) {
            if (judge === undefined) {
                judge = llm.judge;
                judgeSource = run.source;
            }
            else if (judge.model !== llm.judge.model || judge.promptVersion !== llm.judge.promptVersion)
                clash('judge', judge, llm.judge, judgeSource);
        }
        requests += llm.requests;
        cacheHits += llm.cacheHits;
        if (llm.costUsd === null)
            priced = false;
        // The shard's first model id, then each trial's (reports written before trials carried
        // their model id give the first only).
        const ids = [
            ...(body.model.modelId !== undefined ? [body.model.modelId] : []),
            ...run.results.flatMap((r) => (r.trials ?? []).flatMap((t) => t.modelId ?? [])),
        ];
        for (const id of ids)
            if (!modelIds.includes(id))
                modelIds.push(id);
        for (const f of run.report.findings) {
            if (f.code === 'ids-from-index' && !findings.some((g) => g.message === f.message))
                findings.push(f);
        }
        if (run.results.length > 0) {
            withCases++;
            const f = run.report.findings.find((g) => g.code === 'llm-no-assertions');
            if (f !== undefined) {
                withoutAssertions = f;
                withoutAssertionsCount++;
            }
        }
    }
    if (withoutAssertions !== undefined && withoutAssertionsCount === withCases)
        findings.push(withoutAssertions);
    return {
        model: {
            ...model,
            ...(modelIds[0] !== undefined && { modelId: modelIds[0] }),
        },
        modelIds,
        repeats: firstLlm.repeats,
        requests,
        cacheHits,
        priced,
        maxCostUsd: firstLlm.maxCostUsd,
        judge,
        findings,
    };
}

// EXTERNAL MODULE: ./packages/core/src/evaluation/evaluate.ts + 3 modules
var evaluate = __webpack_require__(86712);
// EXTERNAL MODULE: ./packages/core/src/evaluation/report.ts
var evaluation_report = __webpack_require__(15216);
// EXTERNAL MODULE: ./packages/core/src/llm/summary.ts
var llm_summary = __webpack_require__(27257);
// EXTERNAL MODULE: ./packages/core/src/llm/report.ts
var llm_report = __webpack_require__(5315);
// EXTERNAL MODULE: ./packages/core/src/report/evaluation.ts
var evaluation = __webpack_require__(64708);
// EXTERNAL MODULE: ./packages/core/src/report/kinds.ts + 4 modules
var kinds = __webpack_require__(87458);
// EXTERNAL MODULE: ./packages/runner/src/files.ts
var src_files = __webpack_require__(31055);
;// CONCATENATED MODULE: ./actions/evaluate-model/src/merge-mode.ts




/**
 * Merge mode: reads every shard report the `merge` glob matches and its per-example JSONL,
 * checks they are the complete, disjoint shards of one run, and recomputes every metric from
 * the merged examples (throughput is the sum of the shards', as they ran in parallel). LLM shards
 * are scored as one LLM run would be (see mergeLlmShards).
 */
async function mergeShardReports(inputs, provenance, deps) {
    const pattern = (0,external_node_path_.isAbsolute)(inputs.merge) ? inputs.merge : (0,external_node_path_.join)(deps.cwd, inputs.merge);
    const globber = await glob.create(pattern, { matchDirectories: false });
    const reportOut = (0,external_node_path_.resolve)(deps.cwd, inputs.common.reportPath);
    const files = (await globber.glob()).filter((f) => (0,external_node_path_.resolve)(f) !== reportOut).sort();
    const runs = [];
    for (const file of files) {
        const report = (await (0,src_files/* readReport */.tL)(file, ['evaluation']));
        const per = report.body.perExample;
        if (!per) {
            throw new errors/* DataError */.fL(`${file} has no per-example results (body.perExample) to merge.`, {
                location: { file },
            });
        }
        const path = (0,external_node_path_.join)((0,external_node_path_.dirname)(file), per.path);
        runs.push({
            source: file,
            report,
            results: parseExamples(await (0,src_files/* readTextFile */.Gu)(path, 'per-example results'), path),
        });
    }
    const merged = mergeShardRuns(runs);
    deps.io.info(`evaluate-model: merging ${runs.length} shards, ${merged.results.length} examples.`);
    if (merged.task === 'llm')
        return mergeLlmShards(runs, merged, inputs, provenance);
    const first = runs[0].report;
    const scored = (0,evaluate/* summarizeResults */.S)(merged.results, {
        task: merged.task,
        ...((inputs.positiveLabel ?? first.body.positiveLabel)
            ? { positiveLabel: (inputs.positiveLabel ?? first.body.positiveLabel) }
            : {}),
        ...(inputs.labels.length > 0 && { labels: inputs.labels }),
        sliceBy: [...new Set((first.body.slices ?? []).map((s) => s.column))],
        minSliceSize: inputs.minSliceSize,
        ...(merged.throughputRps !== undefined && { throughputRps: merged.throughputRps }),
    });
    let missing = 0;
    for (const r of merged.results)
        if (r.errorCode === 'missing-prediction')
            missing++;
    const report = (0,evaluation_report/* buildEvaluationReport */.x)(scored, {
        provenance,
        inputs: dedupeInputs(runs.flatMap((r) => r.report.inputs)),
        task: merged.task,
        model: {
            ...merged.model,
            ...(inputs.common.modelName !== undefined && { name: inputs.common.modelName }),
        },
        dataset: merged.dataset,
        mergedFrom: runs.length,
        ...(merged.durationMs !== undefined && { run: { durationMs: merged.durationMs } }),
        missingPredictions: missing,
        unknownIds: [],
        unknownIdCount: merged.unknownIds,
        maxErrorRate: inputs.common.maxErrorRate,
    });
    return { report, results: merged.results };
}
/**
 * LLM shards: scored from the merged per-example results by the functions a single LLM run uses,
 * with the run's settings from the shard reports (mergeLlmShardSettings) and, where a single run
 * takes them from its inputs, from this step's: min-pass-rate, max-error-rate, min-slice-size and
 * model-name.
 */
function mergeLlmShards(runs, merged, inputs, provenance) {
    const settings = mergeLlmShardSettings(runs);
    const mixedModels = (0,llm_summary/* modelIdsFinding */.XN)(settings.modelIds);
    const findings = [...settings.findings, ...(mixedModels ? [mixedModels] : [])];
    // Every case carries every slice-by column (a missing value is "(missing)"), in input order.
    const sliceBy = Object.keys(merged.results.find((r) => r.slices !== undefined)?.slices ?? {});
    const summary = (0,llm_summary/* summarizeLlmResults */.Xf)(merged.results, {
        sliceBy,
        minSliceSize: inputs.minSliceSize,
        repeats: settings.repeats,
        requests: settings.requests,
        cacheHits: settings.cacheHits,
        priced: settings.priced,
        maxErrorRate: inputs.common.maxErrorRate,
        ...(settings.maxCostUsd !== undefined && { maxCostUsd: settings.maxCostUsd }),
        ...(inputs.minPassRate !== undefined && { minPassRate: inputs.minPassRate }),
        ...(settings.judge !== undefined && { judge: settings.judge }),
    });
    const report = (0,llm_report/* buildLlmReport */.W)(summary, {
        provenance,
        inputs: dedupeInputs(runs.flatMap((r) => r.report.inputs)),
        model: {
            ...settings.model,
            ...(inputs.common.modelName !== undefined && { name: inputs.common.modelName }),
        },
        dataset: merged.dataset,
        run: {
            ...(merged.durationMs !== undefined && { durationMs: merged.durationMs }),
            requests: settings.requests,
        },
        findings,
    });
    report.body.mergedFrom = runs.length;
    return { report, results: merged.results };
}
function dedupeInputs(inputs) {
    const seen = new Set();
    return inputs.filter((i) => {
        const key = `${i.role}:${i.sha256}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** Parses and validates per-example JSONL; a bad line is a DataError with its line number. */
function parseExamples(text, file) {
    const out = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line.trim() === '')
            continue;
        let value;
        try {
            value = JSON.parse(line);
        }
        catch {
            throw new errors/* DataError */.fL(`Line ${i + 1} of ${file} is not JSON.`, {
                location: { file, line: i + 1 },
            });
        }
        const parsed = evaluation/* ExampleResult */.us.safeParse(value);
        if (!parsed.success) {
            throw new errors/* DataError */.fL(`Line ${i + 1} of ${file} is not a per-example result: ${(0,kinds/* formatIssues */.og)(parsed.error)}.`, {
                location: { file, line: i + 1 },
            });
        }
        out.push(parsed.data);
    }
    return out;
}


/***/ }),

/***/ 5315:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ buildLlmReport)
/* harmony export */ });
/* unused harmony export llmSummaryLine */
/* harmony import */ var _report_kinds__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87458);

function percent(x) {
    return x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`;
}
/** The one-line summary of an LLM evaluation. */
function llmSummaryLine(summary, status) {
    const { llm, examples } = summary;
    const parts = [
        `pass rate ${percent(llm.passRate)} over ${examples.evaluated} case(s)${llm.repeats > 1 ? ` × ${llm.repeats} repeats` : ''}`,
    ];
    if (examples.errored > 0)
        parts.push(`${examples.errored} errored`);
    if (llm.flaky.length > 0)
        parts.push(`${llm.flaky.length} flaky`);
    if (examples.notRun > 0)
        parts.push(`${examples.notRun} not run (spend cap)`);
    if (llm.costUsd !== null)
        parts.push(`$${llm.costUsd.toFixed(4)} spent`);
    parts.push(`${llm.requests} request(s), ${llm.cacheHits} cache hit(s)`);
    return `LLM evaluation ${status}: ${parts.join(', ')}.`;
}
/** Assembles the `modelgate/evaluation@1` report of an LLM run. Pure. */
function buildLlmReport(summary, parts) {
    const findings = [...(parts.findings ?? []), ...summary.findings];
    let status = summary.status;
    if (status === 'pass' && findings.some((f) => f.severity !== 'notice'))
        status = 'warn';
    const body = {
        task: 'llm',
        model: parts.model,
        dataset: parts.dataset,
        examples: { ...summary.examples, missingPredictions: 0, unknownIds: 0 },
        llm: summary.llm,
    };
    if (parts.shard !== undefined)
        body.shard = parts.shard;
    if (parts.run !== undefined)
        body.run = parts.run;
    if (summary.slices !== undefined)
        body.slices = summary.slices;
    return {
        schema: (0,_report_kinds__WEBPACK_IMPORTED_MODULE_0__/* .schemaId */ .Vl)('evaluation'),
        status,
        summary: llmSummaryLine(summary, status),
        provenance: parts.provenance,
        inputs: [...parts.inputs],
        metrics: summary.metrics,
        findings,
        body,
    };
}


/***/ }),

/***/ 27257:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   XN: () => (/* binding */ modelIdsFinding),
/* harmony export */   Xf: () => (/* binding */ summarizeLlmResults)
/* harmony export */ });
/* unused harmony export metricKey */
/* harmony import */ var _report_bounded_metrics__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(98445);
/* harmony import */ var _metrics_serving__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2155);
/* harmony import */ var _stats_quantile__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(43852);
/* harmony import */ var _stats_wilson__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7489);




const trialsOf = (r) => r.trials ?? [];
function mean(values) {
    if (values.length === 0)
        return null;
    let sum = 0;
    for (const v of values)
        sum += v;
    return sum / values.length;
}
function finiteOrNull(x) {
    return x === null || !Number.isFinite(x) ? null : x;
}
function metric(value, direction, unit, n, description) {
    return { value: finiteOrNull(value), direction, unit, n, description };
}
function passRateMetric(passed, n, description) {
    const m = metric(n === 0 ? null : passed / n, 'higher', 'fraction', n, description);
    if (n > 0) {
        const ci = (0,_stats_wilson__WEBPACK_IMPORTED_MODULE_0__/* .wilsonInterval */ .Y)(passed, n);
        return { ...m, ci: { lower: ci.lower, upper: ci.upper, level: 0.95, method: 'wilson' } };
    }
    return m;
}
/** A metric-name-safe form of an assertion type, e.g. `not-contains` → `not_contains`. */
function metricKey(type) {
    return type.replace(/[^a-zA-Z0-9]+/g, '_');
}
/** Summarises LLM per-example results into metrics, findings, the `llm` body and slices. */
function summarizeLlmResults(results, options) {
    let trialsRun = 0;
    let trialsPassed = 0;
    let errored = 0;
    let notRun = 0;
    let evaluated = 0;
    let tokensEstimated = 0;
    let modelCost = 0;
    let judgeCost = 0;
    const flaky = [];
    const scores = [];
    const inputTokens = [];
    const outputTokens = [];
    const requestCosts = [];
    const latencies = [];
    const byAssertion = {};
    for (const r of results) {
        if (r.status === 'not-run')
            notRun++;
        else
            evaluated++;
        if (r.status === 'error')
            errored++;
        if (r.flaky === true)
            flaky.push(r.id);
        for (const t of trialsOf(r)) {
            if (t.status === 'not-run') {
                // The cap may stop a trial after its model request (before its judge): that was spent.
                if (t.output !== undefined && t.cached !== true)
                    modelCost += t.costUsd ?? 0;
                judgeCost += t.judgeCostUsd ?? 0;
                continue;
            }
            trialsRun++;
            if (t.pass)
                trialsPassed++;
            if (t.score !== undefined)
                scores.push(t.score);
            if (t.judgeCostUsd !== undefined)
                judgeCost += t.judgeCostUsd;
            for (const a of t.assertions) {
                const entry = (byAssertion[a.type] ??= { passed: 0, total: 0 });
                entry.total++;
                if (a.pass && a.error !== true)
                    entry.passed++;
            }
            if (t.output === undefined)
                continue; // the request failed: no tokens, latency or cost
            if (t.inputTokens !== undefined)
                inputTokens.push(t.inputTokens);
            if (t.outputTokens !== undefined)
                outputTokens.push(t.outputTokens);
            if (t.tokensEstimated === true && t.cached !== true)
                tokensEstimated++;
            if (t.costUsd !== undefined) {
                modelCost += t.cached === true ? 0 : t.costUsd;
                // Per-request cost for projections: what the request costs, cached or not here.
                requestCosts.push(t.costUsd);
            }
            if (t.cached !== true && t.latencyMs !== undefined)
                latencies.push(t.latencyMs);
        }
    }
    const metrics = {};
    metrics.pass_rate = passRateMetric(trialsPassed, trialsRun, 'Trials (cases × repeats) that passed every assertion; errors count as failures.');
    for (const [type, counts] of Object.entries(byAssertion).sort(([a], [b]) => a.localeCompare(b))) {
        metrics[`pass_rate_${metricKey(type)}`] = passRateMetric(counts.passed, counts.total, `Trials whose ${type} assertions passed.`);
    }
    metrics.mean_score = metric(mean(scores), 'higher', 'fraction', scores.length, 'Mean weighted assertion score per trial.');
    const tokenMetric = (values, q, what) => metric(values.length === 0 ? null : q === undefined ? mean(values) : (0,_stats_quantile__WEBPACK_IMPORTED_MODULE_1__/* .quantile */ .YV)(values, q), 'lower', 'tokens', values.length, what);
    metrics.input_tokens_mean = tokenMetric(inputTokens, undefined, 'Mean input tokens per model request.');
    metrics.input_tokens_p95 = tokenMetric(inputTokens, 0.95, '95th percentile of input tokens per request.');
    metrics.output_tokens_mean = tokenMetric(outputTokens, undefined, 'Mean output tokens per model request.');
    metrics.output_tokens_p95 = tokenMetric(outputTokens, 0.95, '95th percentile of output tokens per request.');
    const meanCost = mean(requestCosts);
    metrics.cost_per_1k_requests_usd = metric(options.priced && meanCost !== null ? meanCost * 1000 : null, 'lower', 'usd', requestCosts.length, 'Model cost of 1,000 requests like these, at the price table’s prices.');
    const totalCost = modelCost + judgeCost;
    metrics.eval_cost_usd = metric(options.priced ? totalCost : null, 'lower', 'usd', options.requests, 'What this run spent: model and judge requests sent (cache hits cost nothing).');
    const latency = (0,_metrics_serving__WEBPACK_IMPORTED_MODULE_2__/* .latencySummary */ .v)(latencies);
    metrics.latency_p50_ms = metric(latency.p50Ms, 'lower', 'ms', latency.n, 'Median latency of requests sent (cache hits left out).');
    metrics.latency_p95_ms = metric(latency.p95Ms, 'lower', 'ms', latency.n, '95th percentile latency (cache hits left out).');
    metrics.latency_p99_ms = metric(latency.p99Ms, 'lower', 'ms', latency.n, '99th percentile latency (cache hits left out).');
    metrics.flaky_cases = metric(flaky.length, 'lower', 'count', results.length, 'Cases that passed in some repeats and failed in others.');
    metrics.errored_cases = metric(errored, 'lower', 'count', results.length, 'Cases with a failed request or an assertion that could not be evaluated.');
    metrics.not_run_cases = metric(notRun, 'lower', 'count', results.length, 'Cases the spend cap stopped before they ran.');
    const findings = [];
    let status = 'pass';
    const errorRate = evaluated + notRun === 0 ? 0 : errored / (evaluated + notRun);
    if (errored > 0) {
        const over = errorRate > options.maxErrorRate;
        if (over)
            status = 'fail';
        findings.push({
            code: 'llm-errored-cases',
            severity: over ? 'error' : 'warning',
            message: `${errored} of ${results.length} cases errored (a failed request, or an assertion that could not be evaluated such as a malformed judge reply)${over ? `, above max-error-rate ${options.maxErrorRate}` : ''}.`,
        });
    }
    const passRate = trialsRun === 0 ? null : trialsPassed / trialsRun;
    if (options.minPassRate !== undefined && (passRate === null || passRate < options.minPassRate)) {
        status = 'fail';
        findings.push({
            code: 'llm-pass-rate',
            severity: 'error',
            subject: 'pass_rate',
            message: `Pass rate ${passRate === null ? 'n/a' : passRate.toFixed(4)} is below min-pass-rate ${options.minPassRate}.`,
        });
    }
    if (notRun > 0) {
        if (status === 'pass')
            status = 'warn';
        findings.push({
            code: 'llm-spend-cap',
            severity: 'warning',
            message: `The spend cap max-cost-usd ${options.maxCostUsd ?? ''} was reached: ${notRun} of ${results.length} cases were not run.`,
        });
    }
    if (flaky.length > 0) {
        findings.push({
            code: 'llm-flaky',
            severity: 'warning',
            message: `${flaky.length} flaky case(s), passing in some repeats and failing in others: ${flaky.slice(0, 10).join(', ')}${flaky.length > 10 ? ', …' : ''}.`,
        });
    }
    if (!options.priced) {
        findings.push({
            code: 'llm-unpriced',
            severity: 'notice',
            message: 'The model (or the judge) has no price in the price table: cost metrics are null, never $0.',
        });
    }
    const llm = {
        passRate,
        byAssertion,
        flaky,
        cacheHits: options.cacheHits,
        requests: options.requests,
        repeats: options.repeats,
        costUsd: options.priced ? totalCost : null,
        judgeCostUsd: options.priced ? judgeCost : null,
        tokensEstimated,
        erroredCases: errored,
        notRunCases: notRun,
        ...(options.judge !== undefined && { judge: options.judge }),
        ...(options.maxCostUsd !== undefined && {
            maxCostUsd: options.maxCostUsd,
            capReached: notRun > 0,
        }),
    };
    return {
        metrics: (0,_report_bounded_metrics__WEBPACK_IMPORTED_MODULE_3__/* .clampFractionMetrics */ .BT)(metrics),
        findings,
        llm,
        slices: sliceMetrics(results, options),
        examples: { total: results.length, evaluated, errored, notRun },
        status,
    };
}
/** Pass rate per slice value, over the trials of that slice's cases. */
function sliceMetrics(results, options) {
    const columns = options.sliceBy ?? [];
    if (columns.length === 0)
        return undefined;
    const minimum = options.minSliceSize ?? 1;
    const out = [];
    for (const column of columns) {
        const groups = new Map();
        for (const r of results) {
            const value = r.slices?.[column];
            if (value === undefined)
                continue;
            let g = groups.get(value);
            if (g === undefined) {
                g = { cases: 0, passed: 0, ran: 0, scores: [] };
                groups.set(value, g);
            }
            g.cases++;
            for (const t of trialsOf(r)) {
                if (t.status === 'not-run')
                    continue;
                g.ran++;
                if (t.pass)
                    g.passed++;
                if (t.score !== undefined)
                    g.scores.push(t.score);
            }
        }
        for (const [value, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
            const below = g.cases < minimum;
            out.push({
                column,
                value,
                n: g.cases,
                metrics: below
                    ? {}
                    : (0,_report_bounded_metrics__WEBPACK_IMPORTED_MODULE_3__/* .clampFractionValues */ .CK)({
                        pass_rate: g.ran === 0 ? null : g.passed / g.ran,
                        mean_score: mean(g.scores),
                    }),
                ...(below && { belowMinimum: true }),
            });
        }
    }
    return out;
}
/**
 * The warning of a run whose server reported more than one model id (a provider alias moved, or
 * a load balancer mixed deployments), or undefined for one id or none.
 */
function modelIdsFinding(modelIds) {
    if (modelIds.length <= 1)
        return undefined;
    return {
        code: 'llm-model-ids',
        severity: 'warning',
        message: `The server reported ${modelIds.length} different model ids during the run: ${modelIds.join(', ')}.`,
    };
}


/***/ })

};
