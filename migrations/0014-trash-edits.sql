-- Reserved (issue 12, in progress).
SELECT 1;
