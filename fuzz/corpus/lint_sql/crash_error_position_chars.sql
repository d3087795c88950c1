-- pgÊceart: noNÿÿÿÿÿÿÿnsacCR
PIod-`