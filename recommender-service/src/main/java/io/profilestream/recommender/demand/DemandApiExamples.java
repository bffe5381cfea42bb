package io.profilestream.recommender.demand;

/**
 * Example bodies of the demand endpoints in the OpenAPI description. The 200 example is cut to
 * two hours of history and of forecast; a real answer holds up to history-days × 24 hours (with
 * differential privacy: the released ones, each with its release).
 */
final class DemandApiExamples {

    private DemandApiExamples() {
    }

    static final String CATEGORY = """
            {
              "kind": "category",
              "id": "electronics/phones",
              "from": "2025-02-15T12:00:00Z",
              "to": "2025-03-01T12:00:00Z",
              "history": [
                {"hour": "2025-02-15T12:00:00Z", "views": 4130, "addToCarts": 612, "units": 187},
                {"hour": "2025-02-15T13:00:00Z", "views": 3712, "addToCarts": 0, "units": 903}
              ],
              "forecast": {
                "horizonHours": 2,
                "level": 0.95,
                "measures": {
                  "views": {
                    "method": "holt-winters(m=24)",
                    "parameters": {"alpha": 0.05, "beta": 0.0, "gamma": 0.1, "period": 24.0, "sigma": 561.0},
                    "hours": [
                      {"hour": "2025-03-01T12:00:00Z", "mean": 4380.2, "lower": 3280.6, "upper": 5479.8},
                      {"hour": "2025-03-01T13:00:00Z", "mean": 3910.5, "lower": 2810.2, "upper": 5010.8}
                    ]
                  },
                  "addToCarts": {
                    "method": "holt-winters(m=24)",
                    "parameters": {"alpha": 0.02, "beta": 0.0, "gamma": 0.05, "period": 24.0, "sigma": 515.3},
                    "hours": [
                      {"hour": "2025-03-01T12:00:00Z", "mean": 524.7, "lower": 0.0, "upper": 1534.7},
                      {"hour": "2025-03-01T13:00:00Z", "mean": 441.9, "lower": 0.0, "upper": 1451.9}
                    ]
                  },
                  "units": {
                    "method": "holt-winters(m=24)",
                    "parameters": {"alpha": 0.01, "beta": 0.0, "gamma": 0.0, "period": 24.0, "sigma": 511.8},
                    "hours": [
                      {"hour": "2025-03-01T12:00:00Z", "mean": 230.4, "lower": 0.0, "upper": 1233.5},
                      {"hour": "2025-03-01T13:00:00Z", "mean": 262.0, "lower": 0.0, "upper": 1265.1}
                    ]
                  }
                }
              },
              "privacy": {
                "mechanism": "discrete-laplace",
                "perUserHourlyCap": 5,
                "releases": [
                  {"epsilon": 0.041666666666666664, "mechanism": "discrete-laplace", "sensitivity": 15,
                   "noiseScale": 360.0000057600001, "noiseStandardDeviation": 509.11672691809866,
                   "receiptId": "dp-4102"},
                  {"epsilon": 0.041666666666666664, "mechanism": "discrete-laplace", "sensitivity": 15,
                   "noiseScale": 360.0000057600001, "noiseStandardDeviation": 509.11672691809866,
                   "receiptId": "dp-4109"}
                ],
                "note": "differentially private: each user contributes at most 5 per measure and hour across all categories; all categories are released together once per closed hour with discrete Laplace noise and kept, so requests spend no privacy budget; 334 of the 336 hours of the history are released, the other 2 are not (not closed yet, or not released by this instance); the hours shown cost epsilon 13.9167 in 334 release(s); the forecast is holt-winters(m=24) fitted on the last 334 consecutive released hour(s); negative noisy counts are shown as 0",
                "releasedHours": 334,
                "unreleasedHours": 2
              }
            }""";

    static final String HORIZON_OUT_OF_RANGE = """
            {
              "type": "urn:profilestream:problem:invalid-parameter",
              "title": "Invalid request parameter",
              "status": 400,
              "detail": "horizonHours must be between 1 and 168, got 0",
              "instance": "/v1/demand/categories/electronics%2Fphones",
              "parameter": "horizonHours",
              "min": 1,
              "max": 168
            }""";

    static final String NOT_FOUND = """
            {
              "type": "urn:profilestream:problem:demand-not-found",
              "title": "No demand recorded",
              "status": 404,
              "detail": "no demand recorded for category 'garden' in the last 14 days",
              "instance": "/v1/demand/categories/garden",
              "kind": "category",
              "id": "garden",
              "historyDays": 14
            }""";

    static final String BUDGET_EXHAUSTED = """
            {
              "type": "urn:profilestream:problem:privacy-budget-exhausted",
              "title": "Privacy budget exhausted",
              "status": 429,
              "detail": "privacy budget exhausted: release 'demand-item:sku-1042' requests epsilon 0.1 but 1 of the budget of 1 per PT24H is spent (0 left); the budget resets at 2025-03-02T00:00:00Z",
              "instance": "/v1/demand/items/sku-1042",
              "budget": 1.0,
              "spent": 1.0,
              "requested": 0.1,
              "resetsAt": "2025-03-02T00:00:00Z"
            }""";

    static final String UNAVAILABLE = """
            {
              "type": "urn:profilestream:problem:store-unavailable",
              "title": "State store not available",
              "status": 503,
              "detail": "the demand-by-category store is not queryable yet (restoring or rebalancing)",
              "instance": "/v1/demand/categories/garden"
            }""";

    static final String INTERNAL_ERROR = """
            {
              "type": "urn:profilestream:problem:internal-error",
              "title": "Internal error",
              "status": 500,
              "detail": "the request could not be completed; the error was logged",
              "instance": "/v1/demand/items/sku-1042"
            }""";
}
