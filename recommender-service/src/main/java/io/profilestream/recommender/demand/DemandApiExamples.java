package io.profilestream.recommender.demand;

/**
 * Example bodies of the demand endpoints in the OpenAPI description. The 200 example is cut to
 * two hours of history and of forecast; a real answer holds history-days × 24 hours.
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
                {"hour": "2025-02-15T12:00:00Z", "views": 41, "addToCarts": 6, "units": 2},
                {"hour": "2025-02-15T13:00:00Z", "views": 37, "addToCarts": 4, "units": 3}
              ],
              "forecast": {
                "horizonHours": 2,
                "level": 0.95,
                "measures": {
                  "views": {
                    "method": "holt-winters(m=24)",
                    "parameters": {"alpha": 0.05, "beta": 0.0, "gamma": 0.1, "period": 24.0, "sigma": 6.2},
                    "hours": [
                      {"hour": "2025-03-01T12:00:00Z", "mean": 43.8, "lower": 31.6, "upper": 56.0},
                      {"hour": "2025-03-01T13:00:00Z", "mean": 39.1, "lower": 26.9, "upper": 51.4}
                    ]
                  },
                  "addToCarts": {
                    "method": "holt-winters(m=24)",
                    "parameters": {"alpha": 0.02, "beta": 0.0, "gamma": 0.05, "period": 24.0, "sigma": 2.1},
                    "hours": [
                      {"hour": "2025-03-01T12:00:00Z", "mean": 5.2, "lower": 1.1, "upper": 9.3},
                      {"hour": "2025-03-01T13:00:00Z", "mean": 4.4, "lower": 0.3, "upper": 8.5}
                    ]
                  },
                  "units": {
                    "method": "holt-winters(m=24)",
                    "parameters": {"alpha": 0.01, "beta": 0.0, "gamma": 0.0, "period": 24.0, "sigma": 1.4},
                    "hours": [
                      {"hour": "2025-03-01T12:00:00Z", "mean": 2.3, "lower": 0.0, "upper": 5.0},
                      {"hour": "2025-03-01T13:00:00Z", "mean": 2.6, "lower": 0.0, "upper": 5.3}
                    ]
                  }
                }
              },
              "privacy": {
                "mechanism": "discrete-laplace",
                "perUserHourlyCap": 5,
                "releases": [
                  {"epsilon": 0.1, "mechanism": "discrete-laplace", "sensitivity": 5040, "noiseScale": 50400.0,
                   "noiseStandardDeviation": 71276.3, "receiptId": "dp-41"},
                  {"epsilon": 0.1, "mechanism": "discrete-laplace", "sensitivity": 15, "noiseScale": 150.0,
                   "noiseStandardDeviation": 212.1, "receiptId": "dp-57"}
                ],
                "note": "differentially private: each user contributes at most 5 per measure and hour; each hour is released once with discrete Laplace noise and kept; the hours shown cost epsilon 0.2 in 2 release(s); negative noisy counts are shown as 0"
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
              "detail": "privacy budget exhausted: release 'demand-category:garden' requests epsilon 0.1 but 1 of the budget of 1 per PT24H is spent (0 left); the budget resets at 2025-03-02T00:00:00Z",
              "instance": "/v1/demand/categories/garden",
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
